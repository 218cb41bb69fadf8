package dev.ferry.bridge.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ferry.bridge.stream.LinkFailure.Kind;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The link against {@link FakeComponentServer} over real loopback TCP. */
class ComponentLinkTest {

    private static final String SECRET = "s3cr3t-for-tests";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String STANZA_IN = "<message from='alice@localhost/pc' to='bob%irc.example@irc.localhost'><body>hi</body></message>";
    private static final String STANZA_IN_XML = "<message xmlns=\"jabber:component:accept\" from=\"alice@localhost/pc\""
            + " to=\"bob%irc.example@irc.localhost\"><body>hi</body></message>";

    private static EventLoopGroup group;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void startGroup() {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    }

    @AfterAll
    static void stopGroup() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private FakeComponentServer server(String... domains) throws Exception {
        FakeComponentServer server = FakeComponentServer.start(SECRET, domains);
        toClose.add(server);
        return server;
    }

    private static ComponentLinkSettings settings(String domain, int port, String secret) {
        return ComponentLinkSettings.of(domain, "127.0.0.1", port, secret)
                .withBackoff(Duration.ofMillis(50), Duration.ofMillis(800))
                .withConnectTimeout(Duration.ofSeconds(2));
    }

    private ComponentLink link(ComponentLinkSettings settings, RecordingListener listener) {
        ComponentLink link = new ComponentLink(settings, group, listener);
        toClose.add(link);
        link.start();
        return link;
    }

    @Test
    void handshakeIsAcceptedAndStanzasGoBothWays() throws Exception {
        FakeComponentServer server = server("irc.localhost");
        RecordingListener listener = new RecordingListener();
        ComponentLink link = link(settings("irc.localhost", server.port(), SECRET), listener);

        link.firstConnect().get(10, TimeUnit.SECONDS);
        FakeComponentServer.Connection connection = server.awaitHandshaken(WAIT);

        assertThat(link.isUp()).isTrue();
        assertThat(listener.connected).hasValue(1);
        assertThat(connection.domain()).isEqualTo("irc.localhost");
        assertThat(connection.handshakeSent()).isEqualTo(FakeComponentServer.sha1Hex(connection.streamId() + SECRET));
        assertThat(connection.received()).startsWith("<?xml version='1.0'?><stream:stream xmlns='jabber:component:accept'"
                + " xmlns:stream='http://etherx.jabber.org/streams' to='irc.localhost'>");

        connection.send(STANZA_IN);
        assertThat(listener.nextStanza(WAIT)).isEqualTo(STANZA_IN_XML);
        assertThat(listener.callbackThreads).allSatisfy(name -> assertThat(name).doesNotStartWith("fake-xmpp"));

        String out = "<message from='#chan%irc.example@irc.localhost/nick' to='alice@localhost' type='groupchat'><body>yo 😀</body></message>";
        assertThat(link.send(out)).isTrue();
        link.sendAndConfirm("<presence from='irc.localhost' to='alice@localhost'/>").get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> connection.received().contains("<presence from='irc.localhost'"));
        assertThat(connection.received()).contains(out);
    }

    @Test
    void stanzaArrivingOneByteAtATimeComesOutWhole() throws Exception {
        FakeComponentServer server = server("irc.localhost");
        RecordingListener listener = new RecordingListener();
        link(settings("irc.localhost", server.port(), SECRET), listener);
        FakeComponentServer.Connection connection = server.awaitHandshaken(WAIT);

        String body = "ünïcødé 😀 & more ".repeat(20);
        connection.sendOneByteAtATime("<message to='x@irc.localhost'><body>" + body.replace("&", "&amp;") + "</body></message>");

        assertThat(listener.nextStanza(WAIT)).isEqualTo("<message xmlns=\"jabber:component:accept\" to=\"x@irc.localhost\"><body>"
                + body.replace("&", "&amp;") + "</body></message>");
    }

    @Test
    void manyStanzasInOneWriteAllArriveInOrder() throws Exception {
        FakeComponentServer server = server("irc.localhost");
        RecordingListener listener = new RecordingListener();
        link(settings("irc.localhost", server.port(), SECRET), listener);
        FakeComponentServer.Connection connection = server.awaitHandshaken(WAIT);

        StringBuilder burst = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            burst.append("<message id='m").append(i).append("'><body>").append(i).append("</body></message> ");
        }
        connection.send(burst.toString());

        for (int i = 0; i < 1000; i++) {
            assertThat(listener.nextStanza(WAIT)).contains("id=\"m" + i + "\"");
        }
    }

    @Test
    void wrongSecretIsNotAuthorizedAndRetriedWithGrowingDelays() throws Exception {
        FakeComponentServer server = server("irc.localhost");
        RecordingListener listener = new RecordingListener();
        ComponentLink link = link(settings("irc.localhost", server.port(), "wrong-secret"), listener);

        await().atMost(WAIT).until(() -> server.attempts().size() >= 5);

        assertThat(listener.kinds()).first().isEqualTo(Kind.NOT_AUTHORIZED);
        LinkFailure failure = listener.failures.get(0);
        assertThat(failure.fatal()).isFalse();
        assertThat(failure.detail()).isEqualTo("not-authorized: Given token does not match calculated token");
        assertThat(failure.humanMessage()).contains("xmpp.components.irc.secret").doesNotContain("wrong-secret");
        List<Long> attempts = server.attempts();
        for (int i = 2; i < 5; i++) {
            // 50, 100, 200, 400 ms ±20%: each gap is longer than the one before
            assertThat(attempts.get(i) - attempts.get(i - 1)).isGreaterThan(attempts.get(i - 1) - attempts.get(i - 2));
        }
        assertThat(link.reconnects()).isGreaterThanOrEqualTo(4);
        assertThat(link.firstConnect()).isNotDone();
        assertThat(link.isUp()).isFalse();
    }

    @Test
    void wrongSecretWithFailFastStopsAndFailsFirstConnect() throws Exception {
        FakeComponentServer server = server("irc.localhost");
        RecordingListener listener = new RecordingListener();
        ComponentLink link = link(settings("irc.localhost", server.port(), "wrong-secret").withFailFast(true), listener);

        assertThatThrownBy(() -> link.firstConnect().get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(LinkFailedException.class)
                .hasMessageContaining("component irc.localhost: the server refused the handshake (not-authorized")
                .hasMessageNotContaining("wrong-secret");
        Thread.sleep(300); // several backoff periods
        assertThat(server.attempts()).hasSize(1);
        assertThat(listener.failures).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Kind.NOT_AUTHORIZED);
            assertThat(f.fatal()).isTrue();
        });
    }

    @Test
    void unknownComponentDomainIsHostUnknown() throws Exception {
        FakeComponentServer server = server("irc.localhost");
        RecordingListener listener = new RecordingListener();
        ComponentLink link = link(settings("sip.localhost", server.port(), SECRET).withFailFast(true), listener);

        assertThatThrownBy(() -> link.firstConnect().get(10, TimeUnit.SECONDS))
                .cause().hasMessageContaining("does not serve this component domain")
                .hasMessageContaining("sip.localhost does not match any configured external components");
        assertThat(listener.kinds()).containsExactly(Kind.HOST_UNKNOWN);
    }

    @Test
    void connectionRefusedIsRetriedAndSendReturnsFalseWhileDown() throws Exception {
        RecordingListener listener = new RecordingListener();
        ComponentLink link = link(settings("irc.localhost", FakeComponentServer.unusedPort(), SECRET), listener);

        await().atMost(WAIT).until(() -> listener.failures.size() >= 3);

        assertThat(listener.kinds()).allMatch(kind -> kind == Kind.CONNECTION_REFUSED);
        assertThat(listener.failures.get(0).humanMessage()).contains("connection refused by 127.0.0.1:",
                "is the XMPP server running and its component port open?");
        assertThat(link.reconnects()).isGreaterThanOrEqualTo(2);
        assertThat(link.isUp()).isFalse();
        assertThat(link.send("<message/>")).isFalse();
        assertThat(link.sendAndConfirm("<message/>")).failsWithin(Duration.ofSeconds(1));
    }

    @Test
    void reconnectsByItselfAfterAServerRestart() throws Exception {
        FakeComponentServer server = FakeComponentServer.start(SECRET, "irc.localhost");
        int port = server.port();
        RecordingListener listener = new RecordingListener();
        ComponentLink link = link(settings("irc.localhost", port, SECRET), listener);
        server.awaitHandshaken(WAIT);

        server.close();
        await().atMost(WAIT).until(() -> !link.isUp());
        assertThat(link.send("<message/>")).isFalse();
        Thread.sleep(200); // let a few attempts be refused

        FakeComponentServer restarted = FakeComponentServer.startOn(port, SECRET, "irc.localhost");
        toClose.add(restarted);
        FakeComponentServer.Connection connection = restarted.awaitHandshaken(WAIT);
        await().atMost(WAIT).until(link::isUp);

        assertThat(listener.connected).hasValue(2);
        assertThat(listener.kinds().get(0)).isIn(Kind.CLOSED_BY_PEER, Kind.IO_ERROR);
        assertThat(link.send("<message id='after-restart'/>")).isTrue();
        await().atMost(WAIT).until(() -> connection.received().contains("after-restart"));
    }

    @Test
    void streamCloseFromTheServerIsClosedByPeerThenReconnect() throws Exception {
        FakeComponentServer server = server("irc.localhost");
        RecordingListener listener = new RecordingListener();
        link(settings("irc.localhost", server.port(), SECRET), listener);
        FakeComponentServer.Connection first = server.awaitHandshaken(WAIT);

        first.send("</stream:stream>");

        server.awaitHandshaken(WAIT);
        assertThat(listener.kinds()).containsExactly(Kind.CLOSED_BY_PEER);
        await().atMost(WAIT).until(() -> first.received().endsWith("</stream:stream>"));
    }

    @Test
    void serverStreamErrorKeepsConditionAndText() throws Exception {
        FakeComponentServer server = server("irc.localhost");
        RecordingListener listener = new RecordingListener();
        link(settings("irc.localhost", server.port(), SECRET), listener);
        FakeComponentServer.Connection first = server.awaitHandshaken(WAIT);

        first.send("<stream:error><conflict xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"
                + "<text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>Replaced by a new connection</text></stream:error></stream:stream>");

        server.awaitHandshaken(WAIT);
        assertThat(listener.failures).first().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Kind.CONFLICT);
            assertThat(f.detail()).isEqualTo("conflict: Replaced by a new connection");
        });
    }

    @Test
    void doctypeIsAnsweredWithRestrictedXmlThenReconnect() throws Exception {
        assertRefusedAndRecovered("<!DOCTYPE lolz [<!ENTITY lol 'lol'><!ENTITY lol2 '&lol;&lol;'>]><message><body>&lol2;</body></message>",
                "restricted-xml", Kind.RESTRICTED_XML);
    }

    @Test
    void entityReferenceIsAnsweredWithRestrictedXmlThenReconnect() throws Exception {
        assertRefusedAndRecovered("<message><body>&lol9;</body></message>", "restricted-xml", Kind.RESTRICTED_XML);
    }

    @Test
    void oneMebibyteStanzaIsAPolicyViolationAndTheNextConnectionCarriesNormalStanzas() throws Exception {
        assertRefusedAndRecovered("<message><body>" + "x".repeat(1024 * 1024) + "</body></message>",
                "policy-violation", Kind.POLICY_VIOLATION);
    }

    @Test
    void invalidUtf8IsNotWellFormedThenReconnect() throws Exception {
        FakeComponentServer server = server("irc.localhost");
        RecordingListener listener = new RecordingListener();
        link(settings("irc.localhost", server.port(), SECRET), listener);
        FakeComponentServer.Connection first = server.awaitHandshaken(WAIT);

        first.sendBytes(new byte[] {'<', 'm', '>', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '<', '/', 'm', '>'});

        assertRecovered(server, listener, first, "not-well-formed", Kind.NOT_WELL_FORMED);
    }

    @Test
    void whitespaceKeepaliveIsWrittenWhenIdle() throws Exception {
        FakeComponentServer server = server("irc.localhost");
        RecordingListener listener = new RecordingListener();
        link(settings("irc.localhost", server.port(), SECRET).withKeepaliveInterval(Duration.ofMillis(100)), listener);
        FakeComponentServer.Connection connection = server.awaitHandshaken(WAIT);

        await().atMost(WAIT).until(() -> connection.received().matches("(?s).*</handshake> {2,}"));
        assertThat(listener.failures).isEmpty();
    }

    @Test
    void closeSendsStreamCloseReportsShutdownAndStopsRetrying() throws Exception {
        FakeComponentServer server = server("irc.localhost");
        RecordingListener listener = new RecordingListener();
        ComponentLink link = link(settings("irc.localhost", server.port(), SECRET), listener);
        FakeComponentServer.Connection connection = server.awaitHandshaken(WAIT);

        link.close();

        await().atMost(WAIT).until(connection::closed);
        assertThat(connection.received()).endsWith("</stream:stream>");
        assertThat(listener.kinds()).containsExactly(Kind.SHUTDOWN);
        assertThat(link.isUp()).isFalse();
        assertThat(link.send("<message/>")).isFalse();
        Thread.sleep(300);
        assertThat(server.connections()).hasSize(1);
    }

    @Test
    void closeWhileRetryingReportsShutdownAndFailsFirstConnect() throws Exception {
        RecordingListener listener = new RecordingListener();
        ComponentLink link = link(settings("irc.localhost", FakeComponentServer.unusedPort(), SECRET), listener);
        await().atMost(WAIT).until(() -> !listener.failures.isEmpty());

        link.close();

        assertThat(listener.kinds()).endsWith(Kind.SHUTDOWN).containsOnlyOnce(Kind.SHUTDOWN);
        assertThat(link.firstConnect()).failsWithin(Duration.ofSeconds(1));
    }

    @Test
    void twoLinksAreIndependent() throws Exception {
        FakeComponentServer server = server("irc.localhost", "sip.localhost");
        RecordingListener irc = new RecordingListener();
        RecordingListener sip = new RecordingListener();
        link(settings("irc.localhost", server.port(), SECRET), irc);
        link(settings("sip.localhost", server.port(), SECRET), sip);
        FakeComponentServer.Connection a = server.awaitHandshaken(WAIT);
        FakeComponentServer.Connection b = server.awaitHandshaken(WAIT);
        FakeComponentServer.Connection ircConnection = a.domain().equals("irc.localhost") ? a : b;
        FakeComponentServer.Connection sipConnection = a.domain().equals("irc.localhost") ? b : a;

        ircConnection.send("<message><body>&lol9;</body></message>");
        server.awaitHandshaken(WAIT); // irc came back on a new connection
        sipConnection.send(STANZA_IN);

        assertThat(sip.nextStanza(WAIT)).isEqualTo(STANZA_IN_XML);
        assertThat(sip.failures).isEmpty();
        assertThat(sipConnection.closed()).isFalse();
        assertThat(irc.kinds()).containsExactly(Kind.RESTRICTED_XML);
    }

    private void assertRefusedAndRecovered(String payload, String condition, Kind kind) throws Exception {
        FakeComponentServer server = server("irc.localhost");
        RecordingListener listener = new RecordingListener();
        link(settings("irc.localhost", server.port(), SECRET), listener);
        FakeComponentServer.Connection first = server.awaitHandshaken(WAIT);

        first.sendBytes(payload.getBytes(StandardCharsets.UTF_8));

        assertRecovered(server, listener, first, condition, kind);
    }

    /** The link answered with the stream error, closed, reconnected, and the new connection carries stanzas. */
    private static void assertRecovered(FakeComponentServer server, RecordingListener listener,
            FakeComponentServer.Connection first, String condition, Kind kind) throws Exception {
        FakeComponentServer.Connection second = server.awaitHandshaken(WAIT);
        await().atMost(WAIT).until(first::closed);
        assertThat(first.received()).endsWith("<stream:error><" + condition
                + " xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error></stream:stream>");
        assertThat(listener.kinds()).containsExactly(kind);
        assertThat(listener.stanzas).isEmpty();

        second.send(STANZA_IN);
        assertThat(listener.nextStanza(WAIT)).isEqualTo(STANZA_IN_XML);
    }

    @Test
    void anUnresponsiveConnectionIsDroppedOnlyWhileItIsTheCurrentOne() throws Exception {
        FakeComponentServer server = server("irc.localhost");
        RecordingListener listener = new RecordingListener();
        ComponentLink link = link(settings("irc.localhost", server.port(), SECRET), listener);
        link.firstConnect().get(10, TimeUnit.SECONDS);
        server.awaitHandshaken(WAIT);
        long first = link.connectionNumber();
        assertThat(first).isEqualTo(1);

        link.dropConnection(first, "no answer to a delivery check within 3000 ms");
        server.awaitHandshaken(WAIT);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!(link.isUp() && link.connectionNumber() == 2) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(link.connectionNumber()).isEqualTo(2);
        assertThat(listener.kinds()).containsExactly(Kind.UNRESPONSIVE);
        assertThat(listener.failures.get(0).humanMessage()).contains("stopped answering", "delivery check", "reconnects");

        // A late verdict about the first connection must not touch the second.
        link.dropConnection(first, "late");
        Thread.sleep(300);
        assertThat(link.isUp()).isTrue();
        assertThat(listener.kinds()).containsExactly(Kind.UNRESPONSIVE);
    }
}
