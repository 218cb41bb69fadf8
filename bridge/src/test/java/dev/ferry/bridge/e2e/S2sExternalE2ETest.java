package dev.ferry.bridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ferry serves irc.ferry.example on its own, federated with a real Prosody over
 * server-to-server streams: TLS both ways, each side authenticated by SASL EXTERNAL (XEP-0178)
 * with certificates from a CA made by the test. Prosody connects to Ferry to carry alice's
 * stanzas, Ferry connects to Prosody to carry the answers: both directions of establishment.
 */
@Tag("e2e")
class S2sExternalE2ETest {

    static S2sStage stage;
    @TempDir
    static Path data;

    @BeforeAll
    static void start() throws Exception {
        stage = S2sStage.start("s2s-external", 29100, data, new S2sStage.Options(true, true));
    }

    @AfterAll
    static void stop() {
        if (stage != null) {
            stage.close();
        }
    }

    @Test
    void aliceOnProsodyDiscoversPingsAndTalksToIrcThroughFerry() throws Exception {
        S2sFederationChecks.discoPingAndRoom(stage, "#external");

        assertThat(stage.authentications("in", "EXTERNAL")).as("Prosody -> Ferry by SASL EXTERNAL").isPositive();
        // Disco, ping, room presences and messages: all on one reused stream.
        assertThat(stage.authentications("out", "EXTERNAL")).as("Ferry -> Prosody by SASL EXTERNAL, one stream").isEqualTo(1);
        assertThat(stage.authentications("in", "dialback") + stage.authentications("out", "dialback")).isZero();
        assertThat(stage.ferry.metrics().scrape()).contains("ferry_s2s_authenticated_total{direction=\"in\",mechanism=\"EXTERNAL\"}");
    }
}
