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
        stage = S2sStage.start("s2s-directtls", 29600, data, new S2sStage.Options(true, true, Map.of(), "prosody", true));
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
}
