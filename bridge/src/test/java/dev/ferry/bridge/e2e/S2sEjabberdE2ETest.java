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
 * The same federation with ejabberd instead of Prosody: a user on ejabberd discovers, pings and
 * uses the IRC gateway Ferry serves in s2s mode. ejabberd finds Ferry through the SRV record in
 * the test's dnsmasq (Erlang's resolver, pointed there by its inetrc).
 */
@Tag("e2e")
class S2sEjabberdE2ETest {

    static S2sStage stage;
    @TempDir
    static Path data;

    @BeforeAll
    static void start() throws Exception {
        stage = S2sStage.start("s2s-ejabberd", 29400, data, new S2sStage.Options(true, true, Map.of(), "ejabberd"));
    }

    @AfterAll
    static void stop() {
        if (stage != null) {
            stage.close();
        }
    }

    @Test
    void aliceOnEjabberdDiscoversPingsAndTalksToIrcThroughFerry() throws Exception {
        S2sFederationChecks.discoPingAndRoom(stage, "#ejabberd");

        long in = stage.authentications("in", "EXTERNAL") + stage.authentications("in", "dialback");
        long out = stage.authentications("out", "EXTERNAL") + stage.authentications("out", "dialback");
        assertThat(in).as("ejabberd -> Ferry authenticated").isPositive();
        assertThat(out).as("Ferry -> ejabberd authenticated").isPositive();
    }
}
