package dev.ferry.bridge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.bridge.config.ConfigException;
import dev.ferry.bridge.config.ConfigLoader;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The CLI verbs of DESIGN.md's operator contract, as an operator runs them. */
class FerryCommandTest {

    @TempDir
    Path dir;
    Path config;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeEach
    void writeConfig() throws Exception {
        config = dir.resolve("ferry.yaml");
        Files.writeString(config, """
                xmpp:
                  components:
                    irc: { domain: irc.example.org, secret: plain-secret }
                store: { url: "jdbc:h2:file:%s", key-file: "%s" }
                http: { listen: "" }
                """.formatted(dir.resolve("db"), dir.resolve("ferry.key")));
    }

    int run(String... args) {
        CommandLine cli = FerryCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void checkConfigOfflineAcceptsAGoodFileAndNamesEveryBadKey() throws Exception {
        assertThat(run("check-config", "--offline", "--config", config.toString())).isZero();
        assertThat(out.toString()).contains("ok (1 components");
        Files.writeString(config, "xmpp:\n  port: seventy\n  components: { irc: { domain: irc.example.org } }\n");
        assertThat(run("check-config", "--offline", "--config", config.toString())).isEqualTo(ExitCodes.CONFIG);
        assertThat(err.toString()).contains("xmpp.port: 'seventy' is not a whole number",
                "xmpp.components.irc.secret: missing");
    }

    @Test
    void missingConfigFileSaysWhatToDo() {
        assertThat(run("check-config", "--offline", "--config", dir.resolve("nope.yaml").toString())).isEqualTo(ExitCodes.CONFIG);
        assertThat(err.toString()).contains("not found", "--config");
    }

    @Test
    void dbMigrateCreatesTheSchema() {
        assertThat(run("db", "migrate", "--config", config.toString())).isZero();
        assertThat(out.toString()).contains("schema version 5 (5 migrations applied now)");
        assertThat(run("db", "migrate", "--config", config.toString())).isZero();
        assertThat(out.toString()).contains("schema version 5 (0 migrations applied now)");
    }

    @Test
    void mappingsAddListRemove() {
        assertThat(run("mappings", "add", "alice@example.org", "sip", "sip:alice@pbx.example.org", "--config", config.toString())).isZero();
        assertThat(run("mappings", "list", "--config", config.toString())).isZero();
        assertThat(out.toString()).contains("alice@example.org", "sip:alice@pbx.example.org");
        assertThat(run("mappings", "remove", "sip", "sip:alice@pbx.example.org", "--config", config.toString())).isZero();
        assertThat(run("mappings", "remove", "sip", "sip:alice@pbx.example.org", "--config", config.toString())).isEqualTo(ExitCodes.FAILURE);
        assertThat(err.toString()).contains("no link for sip sip:alice@pbx.example.org");
        assertThat(run("mappings", "add", "alice@example.org", "mail-alias", "alice@mail.example.org", "--config", config.toString()))
                .isZero(); // an admin's alias on the mail gateway
        assertThat(run("mappings", "add", "alice@example.org", "xmpp", "x", "--config", config.toString())).isEqualTo(ExitCodes.FAILURE);
        assertThat(err.toString()).contains("unknown network 'xmpp'");
    }

    @Test
    void encryptedSecretDecryptsOnlyUnderItsOwnKey() throws Exception {
        String enc = encrypt("xmpp.components.irc.secret", "the-real-secret");
        assertThat(enc).startsWith("enc:v1:").doesNotContain("the-real-secret");
        Files.writeString(config, Files.readString(config).replace("plain-secret", enc));
        assertThat(new ConfigLoader(Map.of()).read(config).xmpp().component("irc").orElseThrow().secret())
                .isEqualTo("the-real-secret");
        // the same value under another key is refused, naming the key
        String moved = Files.readString(config).replace("store: {", "store: { password: \"" + enc + "\",");
        Files.writeString(config, moved);
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).read(config)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("store.password: the encrypted value cannot be read");
    }

    @Test
    void connectorSectionSecretsDecryptToo() throws Exception {
        String enc = encrypt("mail.smarthost-password", "smtp-pass");
        Files.writeString(config, Files.readString(config) + "\nmail: { smarthost-password: \"" + enc + "\" }\n");
        assertThat(new ConfigLoader(Map.of()).read(config).network("mail").get("smarthost-password")).isEqualTo("smtp-pass");
        // moved to another key of the section, it does not decrypt
        Files.writeString(config, Files.readString(config).replace("smarthost-password:", "imap-password:"));
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).read(config)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("mail.imap-password: the encrypted value cannot be read");
    }

    @Test
    void encryptRefusesKeysThatAreNotSecrets() {
        assertThat(run("secret", "encrypt", "xmpp.port", "--config", config.toString())).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("not a secret key");
    }

    private String encrypt(String key, String secret) {
        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream((secret + "\n").getBytes(StandardCharsets.UTF_8)));
            assertThat(run("secret", "encrypt", key, "--config", config.toString())).isZero();
        } finally {
            System.setIn(stdin);
        }
        String[] lines = out.toString().strip().split("\n");
        return lines[lines.length - 1].strip();
    }
}
