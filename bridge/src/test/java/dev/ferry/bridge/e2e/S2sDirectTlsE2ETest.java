package dev.ferry.bridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prosody publishes a direct TLS port (XEP-0368, {@code _xmpps-server._tcp} SRV record) besides
 * its STARTTLS port; Ferry prefers it, so its answers to alice travel on a stream that was TLS from
 * the first byte (no STARTTLS from Ferry in Prosody's log, unlike the other scenarios).
 */
@Tag("e2e")
class S2sDirectTlsE2ETest {

    static S2sStage stage;
    @TempDir
    static Path data;

    @BeforeAll
    static void start() throws Exception {
        stage = S2sStage.start("s2s-directtls", 29600, data, new S2sStage.Options(true, true,
                Map.of("FERRY_XMPP_S2S_IDLE_TIMEOUT_SECONDS", "4"), "prosody", true));
    }

    @AfterAll
    static void stop() {
        if (stage != null) {
            stage.close();
        }
    }

    @Test
    void ferryReachesProsodyOverDirectTls() throws Exception {
        S2sFederationChecks.discoPingAndRoom(stage, "#direct");
        assertThat(stage.authentications("out", "EXTERNAL")).isPositive();
        String log = java.nio.file.Files.readString(Path.of(System.getenv().getOrDefault("FERRY_PEERS_DIR", "/tmp/ferry-peers"),
                "prosody-s2s-directtls", "prosody.log"));
        // Prosody (debug log) names each element it receives: over STARTTLS, Ferry's first would be <starttls>.
        assertThat(log).contains("Incoming s2s connection " + S2sStage.IRC_DOMAIN + "->" + S2sStage.XMPP_DOMAIN + " complete");
        assertThat(log).as("Ferry's stream was TLS from the first byte").doesNotContain("Received[s2sin_unauthed]: <starttls");
    }

    @Test
    void anIdleStreamClosesAndTheNextStanzaOpensANewOne() throws Exception {
        var gateway = org.jxmpp.jid.impl.JidCreate.domainBareFrom(S2sStage.IRC_DOMAIN);
        var ping = org.jivesoftware.smackx.ping.PingManager.getInstanceFor(stage.alice);
        assertThat(ping.ping(gateway)).isTrue();
        var s2s = stage.ferry.s2s().orElseThrow();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> s2s.isUp(S2sStage.IRC_DOMAIN, S2sStage.XMPP_DOMAIN));
        long before = stage.authentications("out", "EXTERNAL");
        // xmpp.s2s.idle-timeout-seconds is 4 here.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15))
                .until(() -> !s2s.isUp(S2sStage.IRC_DOMAIN, S2sStage.XMPP_DOMAIN));
        assertThat(ping.ping(gateway)).isTrue();
        assertThat(stage.authentications("out", "EXTERNAL")).isEqualTo(before + 1);
    }
}
