package dev.ferry.irc.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * SASL PLAIN against real services: Debian's InspIRCd 3 with Debian's Atheme 7.2 linked to it
 * (src/peers/atheme.sh). The account is registered with NickServ the way a person does it.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SaslE2eTest {

    private static final int PORT = 16677;
    private final IrcPeer ircd = new IrcPeer("inspircd", PORT, "junit-sasl");
    private final IrcPeer services = new IrcPeer("atheme", PORT, "junit-sasl");
    private final List<IrcConnection> open = new ArrayList<>();
    private EventLoopGroup group;
    private String account;

    @BeforeAll
    void start() throws Exception {
        Assumptions.assumeTrue("1".equals(System.getenv("FERRY_E2E")), "set FERRY_E2E=1 to run against real IRC servers");
        ircd.start();
        services.start();
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        // Services keep their accounts across starts (like real ones): a new account every run.
        account = "fs" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        registerAccount(account, "correct-horse-7");
    }

    @AfterAll
    void stop() throws InterruptedException {
        open.forEach(c -> c.close(null));
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        }
        services.stop();
        ircd.stop();
    }

    /** As a person does: connect, and ask NickServ to register the nick in use. */
    private static void registerAccount(String nick, String password) throws Exception {
        try (Socket s = new Socket("127.0.0.1", PORT)) {
            s.setSoTimeout(15_000);
            OutputStream out = s.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            out.write(("NICK " + nick + "\r\nUSER " + nick + " 0 * :" + nick + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            long deadline = System.nanoTime() + 20_000_000_000L; // the server's PINGs would outlast any read timeout
            for (String line; System.nanoTime() < deadline && (line = in.readLine()) != null; ) {
                if (line.contains(" 001 ")) {
                    out.write(("PRIVMSG NickServ :REGISTER " + password + " " + nick + "@example.org\r\n")
                            .getBytes(StandardCharsets.UTF_8));
                    out.flush();
                } else if (line.startsWith(":NickServ!") && !line.contains("is now registered")) {
                    throw new AssertionError("NickServ refused to register " + nick + ": " + line);
                } else if (line.startsWith(":NickServ!") && line.contains("is now registered")) {
                    out.write("QUIT\r\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    return;
                } else if (line.startsWith("PING")) {
                    out.write(("PONG " + line.substring(5) + "\r\n").getBytes(StandardCharsets.UTF_8));
                }
            }
            throw new AssertionError("NickServ did not register " + nick);
        }
    }

    private IrcConnection open(IrcClientSettings settings, RecordingListener l) {
        IrcConnection c = IrcConnection.open(settings, group, l);
        open.add(c);
        return c;
    }

    @Test
    void saslPlainLogsInBeforeRegistrationCompletes() throws Exception {
        RecordingListener l = new RecordingListener();
        IrcConnection c = open(IrcClientSettings.plain("127.0.0.1", PORT, "puppet1").withSasl(account, "correct-horse-7"), l);
        Registered r = c.registered().get(15, TimeUnit.SECONDS);

        assertThat(r.capabilities()).contains("sasl");
        assertThat(l.await(m -> "900".equals(m.command()), 10, "RPL_LOGGEDIN").params()).contains(account);
        assertThat(l.await(m -> "903".equals(m.command()), 10, "RPL_SASLSUCCESS")).isNotNull();
    }

    @Test
    void aWrongPasswordFailsRegistrationAndSaysSo() {
        IrcConnection c = open(IrcClientSettings.plain("127.0.0.1", PORT, "puppet2").withSasl(account, "wrong"),
                new RecordingListener());
        assertThatThrownBy(() -> c.registered().get(20, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasMessageContaining("SASL PLAIN login as '" + account + "' failed").hasMessageContaining("904");
    }
}
