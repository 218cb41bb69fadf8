package dev.ferry.bridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ferry.bridge.cli.ExitCodes;
import dev.ferry.bridge.cli.FerryCommand;
import dev.ferry.bridge.runtime.FerryRuntime;
import dev.ferry.bridge.stream.ComponentLink;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A wrong component secret: a line a person can act on, an exit code with fail-fast, retries without. */
@Tag("e2e")
class WrongSecretE2ETest {

    static ProsodyPeer prosody;
    @TempDir
    Path data;

    @BeforeAll
    static void start() {
        prosody = ProsodyPeer.start("secret", 17222, 17347);
    }

    @AfterAll
    static void stop() {
        prosody.close();
    }

    Map<String, String> env(boolean failFast) {
        Map<String, String> env = FerryUnderTest.env(prosody.componentPort, data);
        env.put("FERRY_XMPP_COMPONENTS_IRC_SECRET", "not-the-secret");
        env.put("FERRY_XMPP_FAIL_FAST", Boolean.toString(failFast));
        return env;
    }

    @Test
    void failFastStopsWithTheReason() throws Exception {
        try (FerryRuntime ferry = FerryUnderTest.start(env(true))) {
            assertThatThrownBy(() -> ferry.firstConnect().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("irc.localhost")
                    .hasMessageContaining("secret");
        }
    }

    @Test
    void withoutFailFastItRetriesWithBackoffAndTheOtherComponentsWork() throws Exception {
        try (FerryRuntime ferry = FerryUnderTest.start(env(false))) {
            ComponentLink irc = ferry.gateways().byDomain("irc.localhost").orElseThrow().link();
            ComponentLink sip = ferry.gateways().byDomain("sip.localhost").orElseThrow().link();
            await().atMost(Duration.ofSeconds(20)).until(() -> irc.reconnects() >= 2);
            assertThat(irc.isUp()).isFalse();
            assertThat(sip.isUp()).isTrue();
            assertThat(ferry.healthReport().healthy()).isFalse();
        }
    }

    @Test
    void runWithFailFastExitsWithTheRefusalCode() throws Exception {
        Path config = data.resolve("run.yaml");
        Files.writeString(config, """
                xmpp:
                  host: 127.0.0.1
                  port: %d
                  fail-fast: true
                  components:
                    irc: { domain: irc.localhost, secret: not-the-secret }
                store: { url: "jdbc:h2:file:%s", key-file: "%s" }
                http: { listen: "" }
                """.formatted(prosody.componentPort, data.resolve("rundb"), data.resolve("run.key")));
        assertThat(FerryCommand.commandLine().execute("run", "--config", config.toString())).isEqualTo(ExitCodes.XMPP_REFUSED);
    }

    @Test
    void checkConfigExitsNonZeroAndSaysWhy() throws Exception {
        Path config = data.resolve("ferry.yaml");
        Files.writeString(config, """
                xmpp:
                  host: 127.0.0.1
                  port: %d
                  components:
                    irc: { domain: irc.localhost, secret: not-the-secret }
                    sip: { domain: sip.localhost, secret: sip-secret }
                store: { url: "jdbc:h2:file:%s" }
                http: { listen: "" }
                """.formatted(prosody.componentPort, data.resolve("db")));
        StringWriter out = new StringWriter();
        CommandLine cli = FerryCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        int code = cli.execute("check-config", "--config", config.toString());
        assertThat(code).isEqualTo(ExitCodes.XMPP_REFUSED);
        assertThat(out.toString()).contains("component sip.localhost: handshake accepted")
                .containsPattern("component irc.localhost: .*secret");
    }
}
