package dev.ferry.bridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Per-domain mode and the xmpp.s2s section. */
class S2sConfigTest {

    static final String S2S = """
            xmpp:
              components:
                irc: { domain: irc.example.org, mode: s2s, certificate: /etc/ferry/irc.crt, private-key: /etc/ferry/irc.key }
                sip: { domain: sip.example.org, secret: sip-secret }
              s2s:
                listen: 127.0.0.1:5269
                hosts: [ "xmpp.example.net=127.0.0.1:5270" ]
            """;

    FerryConfig read(String yaml, Map<String, String> env) throws ConfigException {
        return new ConfigLoader(env).read(yaml, "test.yaml");
    }

    @Test
    void aDomainInS2sModeNeedsNoSecretAndKeepsItsCertificate() throws Exception {
        FerryConfig c = read(S2S, Map.of());
        ComponentConfig irc = c.xmpp().component("irc").orElseThrow();
        assertThat(irc.s2s()).isTrue();
        assertThat(irc.certificate()).isEqualTo("/etc/ferry/irc.crt");
        assertThat(irc.privateKey()).isEqualTo("/etc/ferry/irc.key");
        assertThat(c.xmpp().component("sip").orElseThrow().s2s()).isFalse();
        assertThat(c.xmpp().anyS2s()).isTrue();
        S2sConfig s2s = c.xmpp().s2s();
        assertThat(s2s.listen()).hasValueSatisfying(a -> assertThat(a.getPort()).isEqualTo(5269));
        assertThat(s2s.requireTls()).isTrue();
        assertThat(s2s.hosts()).containsExactly("xmpp.example.net=127.0.0.1:5270");
        assertThat(s2s.dialbackSecretFile()).isEqualTo("./data/dialback.key");
        assertThat(s2s.bounceAfterSeconds()).isEqualTo(300);
    }

    @Test
    void componentModeStaysTheDefault() throws Exception {
        FerryConfig c = read("xmpp: { components: { irc: { domain: irc.localhost, secret: s } } }", Map.of());
        assertThat(c.xmpp().component("irc").orElseThrow().mode()).isEqualTo("component");
        assertThat(c.xmpp().anyS2s()).isFalse();
    }

    @Test
    void theEnvironmentSwitchesADomainToS2s() throws Exception {
        FerryConfig c = read("xmpp: { components: { irc: { domain: irc.localhost, secret: s } } }", Map.of(
                "FERRY_XMPP_COMPONENTS_IRC_MODE", "s2s", "FERRY_XMPP_COMPONENTS_IRC_CERTIFICATE", "/c.pem",
                "FERRY_XMPP_COMPONENTS_IRC_PRIVATE_KEY", "/k.pem", "FERRY_XMPP_S2S_HOSTS", "a.example=127.0.0.1:1,b.example=[::1]:2"));
        assertThat(c.xmpp().component("irc").orElseThrow().s2s()).isTrue();
        assertThat(c.xmpp().s2s().hosts()).containsExactly("a.example=127.0.0.1:1", "b.example=[::1]:2");
    }

    @Test
    void anS2sDomainNeedsAListener() {
        assertThatThrownBy(() -> read(S2S, Map.of("FERRY_XMPP_S2S_LISTEN", ""))).isInstanceOfSatisfying(ConfigException.class, e ->
                assertThat(e.problems()).containsExactly(
                        "xmpp.s2s.listen: empty, but a domain is in s2s mode and must accept other servers' connections"));
    }

    @Test
    void mistakesAreNamedByTheirKeys() {
        String yaml = """
                xmpp:
                  components:
                    irc: { domain: irc.example.org, mode: s2s }
                    sip: { domain: sip.example.org, secret: x, mode: federated }
                  s2s:
                    hosts: [ "no-port.example=127.0.0.1" ]
                """;
        assertThatThrownBy(() -> read(yaml, Map.of())).isInstanceOfSatisfying(ConfigException.class, e ->
                assertThat(e.problems()).containsExactlyInAnyOrder(
                        "xmpp.components.irc.certificate: missing; a domain in s2s mode needs its TLS certificate (PEM file)",
                        "xmpp.components.irc.private-key: missing; a domain in s2s mode needs its TLS private-key (PEM file)",
                        "xmpp.components.sip.mode: 'federated' is neither component nor s2s",
                        "xmpp.s2s.hosts: 'no-port.example=127.0.0.1' is not domain=host:port"));
    }
}
