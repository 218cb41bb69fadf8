package dev.ferry.bridge.xmpp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.bridge.service.DiscoInfoHandler;
import dev.ferry.bridge.service.GatewayProfile;
import dev.ferry.bridge.service.IqDispatcher;
import dev.ferry.bridge.service.PingHandler;
import dev.ferry.bridge.stream.ComponentLink;
import dev.ferry.bridge.stream.ComponentLinkSettings;
import dev.ferry.mappings.store.OutboxEntry;
import dev.ferry.mappings.store.Store;
import dev.ferry.mappings.store.StoreSettings;
import dev.ferry.spi.Delivery;
import dev.ferry.spi.Event;
import dev.ferry.spi.MessageError;
import dev.ferry.spi.Failure;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's answers, with the link never connected: everything it sends lands in the
 * outbox, where the test reads it.
 */
class ComponentGatewayTest {

    @TempDir
    Path dir;
    Store store;
    ComponentGateway gateway;
    MultiThreadIoEventLoopGroup io;
    ExecutorService work;

    @BeforeEach
    void setUp() {
        store = Store.open(StoreSettings.h2(dir));
        io = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        work = Executors.newSingleThreadExecutor();
        GatewayProfile profile = GatewayProfile.forNetwork("sip", "sip.example.test");
        IqDispatcher iqs = new IqDispatcher(List.of(new PingHandler()));
        iqs.register(new DiscoInfoHandler(profile, iqs.features()));
        gateway = new ComponentGateway(profile, iqs,
                to -> to.local().contains("%") ? Optional.empty() : Optional.of("no host part in " + to.local()),
                work, new GatewayMetrics(new SimpleMeterRegistry()));
        ComponentLink link = new ComponentLink(ComponentLinkSettings.of("sip.example.test", "127.0.0.1", 1, "x"), io, gateway);
        gateway.attach(link, new OutboxSender("sip.example.test", link, store.outbox(), Runnable::run));
    }

    @AfterEach
    void tearDown() {
        work.shutdownNow();
        io.shutdownGracefully();
        store.close();
    }

    List<String> sent() {
        return store.outbox().peek("sip.example.test", 100).stream().map(OutboxEntry::payload).toList();
    }

    @Test
    void failedDeliveryIsAnsweredWithTheMappedError() {
        gateway.setInbound(e -> CompletableFuture.completedFuture(Delivery.failed(Failure.RECIPIENT_UNAVAILABLE, "bob is offline")));
        gateway.handle("<message xmlns='jabber:component:accept' from='alice@example.org/pc' type='chat' xml:lang='en' id='m1' "
                + "to='bob%pbx.example.org@sip.example.test'><body>hello</body></message>");
        assertThat(sent()).singleElement().asString()
                .contains("type='error'", "id='m1'", "to='alice@example.org/pc'", "recipient-unavailable", "bob is offline");
    }

    @Test
    void unknownLocalPartIsItemNotFound() {
        gateway.handle("<message xmlns='jabber:component:accept' from='alice@example.org/pc' id='m2' "
                + "to='nobody@sip.example.test'><body>hello</body></message>");
        assertThat(sent()).singleElement().asString().contains("item-not-found", "no host part in nobody");
    }

    @Test
    void errorsAreNeverAnswered() {
        gateway.setInbound(e -> CompletableFuture.completedFuture(Delivery.delivered()));
        gateway.handle("<message xmlns='jabber:component:accept' from='alice@example.org/pc' id='m3' type='error' "
                + "to='nobody@sip.example.test'><error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>");
        assertThat(sent()).isEmpty();
    }

    static final String GROUPCHAT = "<message xmlns='jabber:component:accept' from='alice@example.org/pc' type='groupchat' id='g1' "
            + "to='room%pbx.example.org@sip.example.test'><body>hello room</body></message>";

    /** An inbound handler that records on which thread each event was passed on, and says whether it takes them without blocking. */
    static final class RecordingHandler implements InboundHandler {
        final boolean withoutBlocking;
        final List<String> passed = new java.util.concurrent.CopyOnWriteArrayList<>();
        final java.util.concurrent.CountDownLatch release;

        RecordingHandler(boolean withoutBlocking, java.util.concurrent.CountDownLatch release) {
            this.withoutBlocking = withoutBlocking;
            this.release = release;
        }

        @Override
        public java.util.concurrent.CompletionStage<Delivery> accept(Event event) {
            if (event instanceof dev.ferry.spi.Message m && m.kind() == dev.ferry.spi.Message.Kind.CHAT) {
                try {
                    release.await(5, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            passed.add(event.getClass().getSimpleName() + ":" + ((dev.ferry.spi.Message) event).body() + "@" + Thread.currentThread().getName());
            return CompletableFuture.completedFuture(Delivery.delivered());
        }

        @Override
        public boolean takesWithoutBlocking(Event event) {
            return withoutBlocking;
        }
    }

    /** A link that is up, whose sender has just written a stanza straight out (so it writes directly). */
    OutboxSenderTest.FakeLink linkUp() {
        OutboxSenderTest.FakeLink up = new OutboxSenderTest.FakeLink();
        gateway.attach(up, new OutboxSender("sip.example.test", up, store.outbox(), Runnable::run));
        gateway.send(dev.ferry.spi.Message.chat(dev.ferry.spi.Address.of("bob%pbx.example.org", "sip.example.test"),
                dev.ferry.spi.Address.of("alice", "example.org"), "p1", "hi"));
        return up;
    }

    @Test
    void aRoomMessageItsHandlerTakesWithoutBlockingIsPassedOnOnTheLinksThread() {
        linkUp();
        RecordingHandler handler = new RecordingHandler(true, new java.util.concurrent.CountDownLatch(0));
        gateway.setInbound(handler);
        gateway.stanzaArrived(GROUPCHAT);
        assertThat(handler.passed).containsExactly("Message:hello room@" + Thread.currentThread().getName());
    }

    /** An answer from the link's thread must not wait on the store: while the outbox is in use, the worker takes the line. */
    @Test
    void aRoomMessageGoesToTheWorkerWhileTheLinkDoesNotWriteDirectly() {
        OutboxSenderTest.FakeLink up = linkUp();
        up.up = false;
        RecordingHandler handler = new RecordingHandler(true, new java.util.concurrent.CountDownLatch(0));
        gateway.setInbound(handler);
        gateway.stanzaArrived(GROUPCHAT);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> !handler.passed.isEmpty());
        assertThat(handler.passed).singleElement().asString().doesNotEndWith("@" + Thread.currentThread().getName());
    }

    @Test
    void aRoomMessageItsHandlerMayBlockOnGoesToTheWorker() {
        linkUp();
        RecordingHandler handler = new RecordingHandler(false, new java.util.concurrent.CountDownLatch(0));
        gateway.setInbound(handler);
        gateway.stanzaArrived(GROUPCHAT);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> !handler.passed.isEmpty());
        assertThat(handler.passed).singleElement().asString().startsWith("Message:hello room@")
                .doesNotEndWith("@" + Thread.currentThread().getName());
    }

    @Test
    void aRoomMessageDoesNotOvertakeAStanzaTheWorkerIsStillOn() {
        linkUp();
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        RecordingHandler handler = new RecordingHandler(true, release);
        gateway.setInbound(handler);
        gateway.stanzaArrived("<message xmlns='jabber:component:accept' from='alice@example.org/pc' type='chat' id='c1' "
                + "to='bob%pbx.example.org@sip.example.test'><body>first</body></message>");
        gateway.stanzaArrived(GROUPCHAT);
        release.countDown();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> handler.passed.size() == 2);
        assertThat(handler.passed.get(0)).startsWith("Message:first@");
        assertThat(handler.passed.get(1)).startsWith("Message:hello room@").doesNotEndWith("@" + Thread.currentThread().getName());
    }

    @Test
    void aMessageInDoubtReachesItsSenderAsAnErrorAndRoomOccupantsGetANotice() {
        List<Event> passedOn = new java.util.concurrent.CopyOnWriteArrayList<>();
        gateway.setInbound(e -> {
            passedOn.add(e);
            return CompletableFuture.completedFuture(Delivery.delivered());
        });
        gateway.messagesInDoubt(List.of(
                "<message to='alice@example.org/pc' from='bob%pbx.example.org@sip.example.test' id='s7' type='chat'><body>#7</body></message>",
                "<message to='alice@example.org/pc' from='room%pbx.example.org@sip.example.test/bob' type='groupchat'><body>#8</body></message>"));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> !passedOn.isEmpty() && !sent().isEmpty());
        assertThat(passedOn).singleElement().isInstanceOfSatisfying(MessageError.class, e -> {
            assertThat(e.messageId()).isEqualTo("s7");
            assertThat(e.to().toString()).isEqualTo("bob%pbx.example.org@sip.example.test");
            assertThat(e.failure()).isEqualTo(Failure.RECIPIENT_UNAVAILABLE);
            assertThat(e.text()).hasValueSatisfying(t -> assertThat(t).contains("may not have arrived", "\"#7\""));
        });
        assertThat(sent()).singleElement().asString().contains("from='room%pbx.example.org@sip.example.test'",
                "to='alice@example.org/pc'", "1 message of this room");
    }

    @Test
    void anErrorAboutANetworksMessageReachesTheNetworkUnanswered() {
        List<Event> passedOn = new java.util.concurrent.CopyOnWriteArrayList<>();
        gateway.setInbound(e -> {
            passedOn.add(e);
            return CompletableFuture.completedFuture(Delivery.failed(Failure.ITEM_NOT_FOUND, "no such transaction"));
        });
        gateway.handle("<message xmlns='jabber:component:accept' from='alice@example.org/pc' id='sip-41' type='error' "
                + "to='bob%pbx.example.org@sip.example.test'><error type='wait'><recipient-unavailable "
                + "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>");
        assertThat(passedOn).singleElement().isInstanceOfSatisfying(MessageError.class, e -> {
            assertThat(e.messageId()).isEqualTo("sip-41");
            assertThat(e.failure()).isEqualTo(Failure.RECIPIENT_UNAVAILABLE);
        });
        assertThat(sent()).isEmpty();
    }

    @Test
    void unknownIqIsServiceUnavailableAndPingIsAnswered() {
        gateway.handle("<iq xmlns='jabber:component:accept' from='alice@example.org/pc' id='q1' type='get' to='sip.example.test'>"
                + "<query xmlns='urn:example:unknown'/></iq>");
        gateway.handle("<iq xmlns='jabber:component:accept' from='alice@example.org/pc' id='q2' type='get' to='sip.example.test'>"
                + "<ping xmlns='urn:xmpp:ping'/></iq>");
        assertThat(sent()).hasSize(2);
        assertThat(sent().get(0)).contains("id='q1'", "type='error'", "service-unavailable");
        assertThat(sent().get(1)).contains("id='q2'", "type='result'");
    }
}
