package dev.ferry.bridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

    static final String MINIMAL = """
            xmpp:
              components:
                irc: { domain: irc.example.org, secret: s3cret }
            """;

    FerryConfig read(String yaml, Map<String, String> env) throws ConfigException {
        return new ConfigLoader(env).read(yaml, "test.yaml");
    }

    @Test
    void defaultsFillWhatTheFileLeavesOut() throws Exception {
        FerryConfig c = read(MINIMAL, Map.of());
        assertThat(c.xmpp().host()).isEqualTo("127.0.0.1");
        assertThat(c.xmpp().port()).isEqualTo(5347);
        assertThat(c.xmpp().maxStanzaSize()).isEqualTo(262144);
        assertThat(c.xmpp().components()).extracting(ComponentConfig::network).containsExactly("irc");
        assertThat(c.store().url()).isEqualTo("jdbc:h2:file:./data/ferry");
        assertThat(c.httpListen()).isPresent();
    }

    @Test
    void environmentOverridesAnyKeyAndCanAddAComponent() throws Exception {
        FerryConfig c = read(MINIMAL, Map.of(
                "FERRY_XMPP_COMPONENTS_IRC_SECRET", "from-env",
                "FERRY_XMPP_PORT", "15347",
                "FERRY_XMPP_COMPONENTS_SIP_DOMAIN", "sip.example.org",
                "FERRY_XMPP_COMPONENTS_SIP_SECRET", "other",
                "FERRY_ADMINS", "a@example.org, b@example.org",
                "FERRY_IRC_DEFAULT_PORT", "6697"));
        assertThat(c.xmpp().component("irc").orElseThrow().secret()).isEqualTo("from-env");
        assertThat(c.xmpp().port()).isEqualTo(15347);
        assertThat(c.xmpp().component("sip").orElseThrow().domain()).isEqualTo("sip.example.org");
        assertThat(c.admins()).containsExactly("a@example.org", "b@example.org");
        assertThat(c.network("irc")).containsEntry("default-port", "6697");
    }

    @Test
    void variablesThatAreNotConnectorKeysAreLeftAlone() throws Exception {
        // src/peers/ngircd.sh reads FERRY_IRC_PORT; it must not become an unknown irc.port key
        FerryConfig c = new ConfigLoader(Map.of("FERRY_IRC_PORT", "6667", "FERRY_IRC_SECRET", "x",
                "FERRY_IRC_DEFAULT_PORT", "7000"), Map.of("irc", java.util.Set.of("default-port"))).read(MINIMAL, "test.yaml");
        assertThat(c.network("irc")).containsOnlyKeys("default-port").containsEntry("default-port", "7000");
    }

    @Test
    void everyProblemIsReportedWithItsKey() {
        assertThatThrownBy(() -> read("""
                xmpp:
                  prot: 5347
                  port: abc
                  max-stanza-size: 10
                  components:
                    irc: { domain: "not a domain", secret: x }
                    sip: { domain: sip.example.org }
                store: { url: "jdbc:mysql://x" }
                http: { listen: "nowhere" }
                """, Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "xmpp.prot: unknown key (did you mean xmpp.port?)",
                        "xmpp.port: 'abc' is not a whole number",
                        "xmpp.max-stanza-size: 10 is out of range 4096..67108864",
                        "xmpp.components.irc.domain: 'not a domain' is not a domain name",
                        "xmpp.components.sip.secret: missing (set it in the config file or in FERRY_XMPP_COMPONENTS_SIP_SECRET)",
                        "store.url: 'jdbc:mysql://x' is neither jdbc:h2:... nor jdbc:postgresql:...",
                        "http.listen: 'nowhere' is not host:port"));
    }

    @Test
    void noComponentAtAllIsAnError() {
        assertThatThrownBy(() -> read("store: { url: 'jdbc:h2:mem:x' }", Map.of()))
                .hasMessageContaining("xmpp.components: no component configured");
    }

    @Test
    void brokenYamlNamesTheLine() {
        assertThatThrownBy(() -> read("xmpp:\n  port: [1,\n", Map.of())).hasMessageContaining("not valid YAML at line");
    }

    @Test
    void secretsNeverAppearInToString() throws Exception {
        FerryConfig c = read(MINIMAL + "store: { password: dbpass, key: Zm9v }\n", Map.of());
        assertThat(c.toString()).doesNotContain("s3cret", "dbpass", "Zm9v");
    }
}
