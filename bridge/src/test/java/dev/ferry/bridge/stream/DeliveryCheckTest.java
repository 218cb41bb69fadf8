package dev.ferry.bridge.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.bridge.service.GatewayProfile;
import dev.ferry.bridge.service.IqDispatcher;
import dev.ferry.bridge.xmpp.ComponentGateway;
import dev.ferry.bridge.xmpp.GatewayMetrics;
import dev.ferry.bridge.xmpp.OutboxSender;
import dev.ferry.mappings.store.Store;
import dev.ferry.mappings.store.StoreSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The delivery check against a server that does not answer it: a silent server (a stalled path)
 * loses the connection after one period; a server still sending stanzas (busy) keeps it, and the
 * check completes when the ping finally comes back through it.
 */
class DeliveryCheckTest {

    static final String DOMAIN = "irc.localhost";
    static final Duration PERIOD = Duration.ofMillis(300);
    static final Pattern PING_ID = Pattern.compile("<iq [^>]*id=['\"]([^'\"]+)['\"][^>]*>\\s*<ping");

    @TempDir
    Path dir;
    Store store;
    EventLoopGroup io;
    ExecutorService work;
    FakeComponentServer server;
    ComponentLink link;
    ComponentGateway gateway;
    FakeComponentServer.Connection connection;

    @BeforeEach
    void connect() throws Exception {
        io = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        work = Executors.newSingleThreadExecutor();
        server = FakeComponentServer.start("secret", DOMAIN);
        gateway = new ComponentGateway(GatewayProfile.forNetwork("irc", DOMAIN), new IqDispatcher(List.of()),
                to -> Optional.empty(), work, new GatewayMetrics(new SimpleMeterRegistry()));
        link = new ComponentLink(ComponentLinkSettings.of(DOMAIN, "127.0.0.1", server.port(), "secret")
                .withBackoff(Duration.ofSeconds(30), Duration.ofSeconds(30)), io, gateway);
        store = Store.open(StoreSettings.h2(dir));
        gateway.attach(link, new OutboxSender(DOMAIN, link, store.outbox(), work));
        link.start();
        link.firstConnect().get(10, TimeUnit.SECONDS);
        connection = server.awaitHandshaken(Duration.ofSeconds(10));
    }

    @AfterEach
    void close() throws Exception {
        link.close();
        server.close();
        work.shutdownNow();
        store.close();
        io.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    String pingWritten() {
        await().atMost(Duration.ofSeconds(5)).until(() -> PING_ID.matcher(connection.received()).find());
        Matcher m = PING_ID.matcher(connection.received());
        m.find();
        return m.group(1);
    }

    @Test
    void aSilentServerLosesTheConnection() throws Exception {
        CompletableFuture<?> check = gateway.deliveryCheck(PERIOD);
        pingWritten();

        await().atMost(Duration.ofSeconds(5)).until(check::isDone);
        assertThat(check).isCompletedExceptionally();
        await().atMost(Duration.ofSeconds(5)).until(connection::closed);
    }

    @Test
    void aServerStillSendingStanzasIsBusyNotGone() throws Exception {
        CompletableFuture<?> check = gateway.deliveryCheck(PERIOD);
        String id = pingWritten();
        long end = System.nanoTime() + 3 * PERIOD.toNanos();
        while (System.nanoTime() < end) {
            connection.send("<presence from='alice@localhost/pc' to='#c%irc.example@irc.localhost/alice' type='unavailable'/>");
            Thread.sleep(PERIOD.toMillis() / 4);
        }
        assertThat(check).as("unanswered for three periods, while the server kept talking").isNotDone();
        assertThat(connection.closed()).isFalse();

        // The server gets round to it: our ping to ourselves comes back through it.
        connection.send("<iq type='get' from='" + DOMAIN + "' to='" + DOMAIN + "' id='" + id + "'><ping xmlns='urn:xmpp:ping'/></iq>");
        check.get(5, TimeUnit.SECONDS);
        assertThat(link.connectionNumber()).isEqualTo(1);
    }
}
