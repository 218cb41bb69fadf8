package dev.ferry.irc.client;

import dev.ferry.irc.protocol.IrcMessage;
import org.junit.jupiter.api.Test;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client against Debian's InspIRCd 3, the IRCv3 server (CAP 302, server-time, echo-message, ...). */
class InspircdE2eTest extends IrcServerE2eContract {
    InspircdE2eTest() {
        super(new IrcPeer("inspircd", 16668));
    }

    @Test
    void negotiatesCapabilitiesServerTimeAndEcho() throws Exception {
        RecordingListener la = new RecordingListener();
        RecordingListener lb = new RecordingListener();
        IrcConnection alice = connect(settings(unique("alice")), la);
        IrcConnection bob = connect(settings(unique("bob")), lb);
        assertThat(la.registered.capabilities()).contains("server-time", "echo-message", "message-tags",
                "multi-prefix", "batch", "cap-notify", "away-notify", "account-tag");
        String channel = unique("#caps");
        join(alice, la, channel);
        join(bob, lb, channel);
        alice.privmsg(channel, "tagged");
        IrcMessage atBob = lb.await(m -> "PRIVMSG".equals(m.command()), 10, "PRIVMSG at bob");
        assertThat(atBob.tags()).containsKey("time");
        assertThat(atBob.tags().get("time")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        IrcMessage echo = la.await(m -> "PRIVMSG".equals(m.command()), 10, "echo of our PRIVMSG");
        assertThat(echo.sourceNick()).isEqualTo(alice.nick());
        assertThat(echo.trailing()).isEqualTo("tagged");
    }

    @Test
    void saslWithoutServicesFailsWithAClearReason() {
        RecordingListener l = new RecordingListener();
        IrcConnection c = IrcConnection.open(settings(unique("sasl")).withSasl("alice", "secret"), group, l);
        open.add(c);
        assertThatThrownBy(() -> c.registered().get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasMessageContaining("SASL login as 'alice' impossible");
    }

    /** The TLS listener of src/peers/inspircd.sh: its certificate is for 127.0.0.1, from a test CA. */
    private IrcClientSettings tls(String nick) {
        return new IrcClientSettings("127.0.0.1", peer.port + 30, true, true, nick, nick, nick, null, null, null,
                java.nio.charset.StandardCharsets.ISO_8859_1, 5, 2.0, java.time.Duration.ofSeconds(60),
                java.time.Duration.ofSeconds(10), null, null);
    }

    @Test
    void tlsWithTheServersCaIsVerifiedAndRegisters() throws Exception {
        RecordingListener l = new RecordingListener();
        IrcConnection c = connect(tls(unique("tls")).withTrust(peer.stateDir().resolve("tls/ca.pem")), l);
        assertThat(c.nick()).startsWith("tls");
        String channel = unique("#tls");
        join(c, l, channel);
    }

    @Test
    void tlsWithAnUntrustedCertificateFailsAndSaysHowToFixIt() {
        RecordingListener l = new RecordingListener();
        IrcConnection c = IrcConnection.open(tls(unique("untrusted")), group, l);
        open.add(c);
        assertThatThrownBy(() -> c.registered().get(15, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasMessageContaining("certificate is not trusted").hasMessageContaining("irc.trust-store");
    }

    @Test
    void tlsWithoutVerificationRegistersForATestServer() throws Exception {
        RecordingListener l = new RecordingListener();
        IrcConnection c = connect(tls(unique("insecure")).withTls(true, false), l);
        assertThat(c.nick()).startsWith("insecure");
    }
}
