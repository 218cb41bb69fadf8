package dev.ferry.bridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Federation without usable certificates for authentication: Prosody does not trust Ferry's CA,
 * and Prosody's certificate is for servers only (no clientAuth usage), so neither side can offer
 * SASL EXTERNAL. Both authenticate with Server Dialback (XEP-0220), each verifying the other's key
 * by connecting back to the domain's server found through DNS (SRV in the test's dnsmasq). TLS
 * still protects every stream, and Ferry still verifies Prosody's server certificate.
 */
@Tag("e2e")
class S2sDialbackE2ETest {

    static S2sStage stage;
    @TempDir
    static Path data;

    @BeforeAll
    static void start() throws Exception {
        stage = S2sStage.start("s2s-dialback", 29200, data, new S2sStage.Options(false, false));
    }

    @AfterAll
    static void stop() {
        if (stage != null) {
            stage.close();
        }
    }

    @Test
    void aliceOnProsodyDiscoversPingsAndTalksToIrcThroughFerry() throws Exception {
        S2sFederationChecks.discoPingAndRoom(stage, "#dialback");

        assertThat(stage.authentications("in", "dialback")).as("Prosody -> Ferry by dialback").isPositive();
        assertThat(stage.authentications("out", "dialback")).as("Ferry -> Prosody by dialback").isPositive();
        assertThat(stage.authentications("in", "EXTERNAL") + stage.authentications("out", "EXTERNAL")).isZero();
    }
}
