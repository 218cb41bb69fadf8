package dev.ferry.irc.client;

import dev.ferry.irc.protocol.IrcMessage;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What every real IRC server must let our client do. Runs only with FERRY_E2E=1; then a missing
 * server is a failure, not a skip.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class IrcServerE2eContract {

    private static final AtomicInteger SEQ = new AtomicInteger();

    final IrcPeer peer;
    EventLoopGroup group;
    final List<IrcConnection> open = new ArrayList<>();

    IrcServerE2eContract(IrcPeer peer) {
        this.peer = peer;
    }

    @BeforeAll
    void startServer() {
        Assumptions.assumeTrue("1".equals(System.getenv("FERRY_E2E")), "set FERRY_E2E=1 to run against real IRC servers");
        peer.start();
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    }

    @AfterEach
    void closeConnections() {
        open.forEach(c -> c.close("test over"));
        open.clear();
    }

    @AfterAll
    void stopServer() throws InterruptedException {
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        }
        peer.stop();
    }

    static String unique(String base) {
        return base + SEQ.incrementAndGet();
    }

    IrcClientSettings settings(String nick) {
        return IrcClientSettings.plain("127.0.0.1", peer.port, nick);
    }

    IrcConnection connect(IrcClientSettings s, RecordingListener l) throws Exception {
        IrcConnection c = IrcConnection.open(s, group, l);
        open.add(c);
        c.registered().get(15, TimeUnit.SECONDS);
        return c;
    }

    /** Joins {@code channel} and waits for the end of NAMES. */
    void join(IrcConnection c, RecordingListener l, String channel) throws InterruptedException {
        c.send(IrcMessage.join(channel, null));
        l.await(m -> "366".equals(m.command()), 10, "end of NAMES for " + channel);
    }

    @Test
    void registersJoinsAndExchangesPrivmsg() throws Exception {
        RecordingListener la = new RecordingListener();
        RecordingListener lb = new RecordingListener();
        String a = unique("alice");
        IrcConnection alice = connect(settings(a), la);
        IrcConnection bob = connect(settings(unique("bob")), lb);
        assertThat(alice.isRegistered()).isTrue();
        assertThat(alice.nick()).isEqualTo(a);
        assertThat(la.registered.isupport()).containsKey("CHANTYPES");
        String channel = unique("#ferry");
        join(alice, la, channel);
        join(bob, lb, channel);
        alice.privmsg(channel, "hello bob");
        alice.action(channel, "waves");
        IrcMessage got = lb.await(m -> "PRIVMSG".equals(m.command()), 10, "PRIVMSG");
        assertThat(got.sourceNick()).isEqualTo(a);
        assertThat(got.params()).containsExactly(channel, "hello bob");
        IrcMessage action = lb.await(m -> "PRIVMSG".equals(m.command()), 10, "ACTION");
        assertThat(action.trailing()).isEqualTo("\u0001ACTION waves\u0001");
    }

    @Test
    void tenKilobytesArriveSplitInOrderWithinTheLineLimit() throws Exception {
        RecordingListener la = new RecordingListener();
        RecordingListener lb = new RecordingListener();
        IrcConnection alice = connect(settings(unique("alice")).withFlood(5, 0), la);
        IrcConnection bob = connect(settings(unique("bob")), lb);
        String channel = unique("#big");
        join(alice, la, channel);
        join(bob, lb, channel);
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 10_240; i++) {
            text.append("word").append(i).append(i % 7 == 0 ? "😀 " : " é ");
        }
        String sent = text.toString().strip();
        long t0 = System.nanoTime();
        alice.privmsg(channel, sent);
        StringBuilder received = new StringBuilder();
        int pieces = 0;
        while (received.length() < sent.length()) {
            IrcMessage m = lb.await(x -> "PRIVMSG".equals(x.command()), 15, "piece " + pieces + " of the 10 KB text");
            String wire = ":" + m.prefix().orElseThrow().format() + " " + m.withTags(Map.of()).toLine() + "\r\n";
            assertThat(wire.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(512);
            received.append(m.trailing());
            pieces++;
        }
        long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - t0);
        System.out.printf("%s: 10 KB in %d pieces relayed in %d us%n", peer.script, pieces, micros);
        assertThat(received.toString()).isEqualTo(sent);
        assertThat(pieces).isGreaterThan(20);
    }

    @Test
    void injectionStaysText() throws Exception {
        RecordingListener la = new RecordingListener();
        RecordingListener lb = new RecordingListener();
        IrcConnection alice = connect(settings(unique("alice")), la);
        IrcConnection bob = connect(settings(unique("bob")), lb);
        String channel = unique("#inj");
        join(alice, la, channel);
        join(bob, lb, channel);
        alice.privmsg(channel, "hi\r\nQUIT :x");
        alice.privmsg(channel, "\nJOIN #other\0");
        assertThat(lb.await(m -> "PRIVMSG".equals(m.command()), 10, "first").trailing()).isEqualTo("hi");
        assertThat(lb.await(m -> "PRIVMSG".equals(m.command()), 10, "second").trailing()).isEqualTo("QUIT :x");
        assertThat(lb.await(m -> "PRIVMSG".equals(m.command()), 10, "third").trailing()).isEqualTo("JOIN #other");
        alice.privmsg(channel, "still here");
        assertThat(lb.await(m -> "PRIVMSG".equals(m.command()), 10, "fourth").trailing()).isEqualTo("still here");
        assertThat(alice.isConnected()).isTrue();
        assertThat(la.all).noneMatch(m -> "JOIN".equals(m.command()) && m.params().contains("#other"));
        assertThat(lb.all).noneMatch(m -> "QUIT".equals(m.command()));
    }

    @Test
    void nickCollisionFallsBackToUnderscore() throws Exception {
        String nick = unique("carol");
        RecordingListener l1 = new RecordingListener();
        RecordingListener l2 = new RecordingListener();
        connect(settings(nick), l1);
        IrcConnection second = connect(settings(nick), l2);
        assertThat(second.nick()).isEqualTo(nick + "_");
        assertThat(l2.registered.nick()).isEqualTo(nick + "_");
        assertThat(l2.nickInUse).containsExactly(nick + "->" + nick + "_");
    }

    @Test
    void serverPingIsAnswered() throws Exception {
        RecordingListener l = new RecordingListener();
        IrcConnection c = connect(settings(unique("idle")), l);
        l.await(m -> "PING".equals(m.command()), 15, "server PING");
        Thread.sleep(7000); // longer than the server's pong timeout
        assertThat(c.isConnected()).isTrue();
        assertThat(l.disconnects).isEmpty();
    }

    @Test
    void ourOwnPingKeepsTheLinkAlive() throws Exception {
        RecordingListener l = new RecordingListener();
        IrcConnection c = connect(settings(unique("pinger")).withPingInterval(Duration.ofMillis(500)), l);
        l.await(m -> "PONG".equals(m.command()) && m.trailing().startsWith("ferry-"), 10, "PONG to our PING");
        assertThat(c.isConnected()).isTrue();
    }

    @Test
    void latin1BytesAreDecodedWithTheFallbackCharset() throws Exception {
        RecordingListener la = new RecordingListener();
        String a = unique("alice");
        IrcConnection alice = connect(settings(a), la);
        String channel = unique("#latin");
        join(alice, la, channel);
        try (Socket raw = new Socket("127.0.0.1", peer.port)) {
            OutputStream out = raw.getOutputStream();
            String nick = unique("raw");
            out.write(("NICK " + nick + "\r\nUSER raw 0 * :raw\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            awaitWelcome(raw.getInputStream());
            out.write(("JOIN " + channel + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            la.await(m -> "JOIN".equals(m.command()) && nick.equals(m.sourceNick()), 10, "raw client JOIN");
            out.write(("PRIVMSG " + channel + " :caf").getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[] {(byte) 0xE9, ' ', (byte) 0xE0, ' ', 'l', 'a', '\r', '\n'});
            out.write(("PRIVMSG " + channel + " :caf\u00e9 utf8\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertThat(la.await(m -> "PRIVMSG".equals(m.command()), 10, "latin-1 PRIVMSG").trailing()).isEqualTo("café à la");
            assertThat(la.await(m -> "PRIVMSG".equals(m.command()), 10, "utf-8 PRIVMSG").trailing()).isEqualTo("café utf8");
            drain(raw.getInputStream());
        }
    }

    @Test
    void closeSendsQuitAndReportsDisconnect() throws Exception {
        RecordingListener l = new RecordingListener();
        IrcConnection c = connect(settings(unique("leaver")), l);
        c.close("bye now");
        await().atMost(Duration.ofSeconds(5)).until(() -> !l.disconnects.isEmpty());
        assertThat(l.disconnects.get(0)).isEqualTo("closed by us");
        assertThat(c.isConnected()).isFalse();
    }

    @Test
    void refusedConnectionIsReportedNotHung() throws Exception {
        RecordingListener l = new RecordingListener();
        IrcConnection c = IrcConnection.open(IrcClientSettings.plain("127.0.0.1", 1, "nobody"), group, l);
        await().atMost(Duration.ofSeconds(5)).until(() -> !l.disconnects.isEmpty());
        assertThat(l.disconnects.get(0)).startsWith("cannot connect to 127.0.0.1:1");
        assertThat(c.registered()).isCompletedExceptionally();
    }

    /** Reads the raw socket until the server's 001, answering nothing else. */
    private static void awaitWelcome(InputStream in) throws Exception {
        StringBuilder seen = new StringBuilder();
        long deadline = System.currentTimeMillis() + 10_000;
        while (!seen.toString().contains(" 001 ") && System.currentTimeMillis() < deadline) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            seen.append((char) b);
        }
        assertThat(seen.toString()).as("raw client registration").contains(" 001 ");
    }

    private static void drain(InputStream in) throws Exception {
        while (in.available() > 0) {
            in.read(new byte[in.available()]);
        }
    }
}
