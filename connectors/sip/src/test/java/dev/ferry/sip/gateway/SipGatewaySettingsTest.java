package dev.ferry.sip.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.sip.transport.ListenAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SipGatewaySettingsTest {

    @Test
    void defaultsAreDesignMdsExample() {
        SipGatewaySettings s = SipGatewaySettings.from(Map.of());
        assertThat(s.listen()).containsExactly(new ListenAddress("udp", "127.0.0.1", 5060), new ListenAddress("tcp", "127.0.0.1", 5060));
        assertThat(s.separator()).isEqualTo("*");
        assertThat(s.trusted()).containsExactly("127.0.0.0/8");
        assertThat(s.outboundProxy()).isEmpty();
        assertThat(s.advertisedHost()).isEqualTo("127.0.0.1");
        assertThat(s.maxBodySize()).isEqualTo(65536);
        assertThat(s.rateLimitPerSecond()).isZero();
    }

    @Test
    void listsComeFromYamlOrFromACommaSeparatedEnvironmentValue() {
        SipGatewaySettings s = SipGatewaySettings.from(Map.of("listen", "udp:127.0.0.1:27060, tcp:127.0.0.1:27060",
                "trusted", List.of("10.0.0.0/8", "::1"), "outbound-proxy", "sip:127.0.0.1:5080", "advertised-host", "gw.example"));
        assertThat(s.listen()).hasSize(2);
        assertThat(s.trusted()).containsExactly("10.0.0.0/8", "::1");
        assertThat(s.outboundProxy()).isEqualTo(Optional.of("sip:127.0.0.1:5080"));
        assertThat(s.advertisedHost()).isEqualTo("gw.example");
    }

    @Test
    void everyProblemIsNamedByItsKey() {
        assertThatThrownBy(() -> SipGatewaySettings.from(Map.of("listen", "tcp:127.0.0.1:5060,sctp:x:1", "separator", "a",
                "trusted", "localhost", "outbound-proxy", "sip:x\r\nVia: y", "max-body-size", "big", "lisen", "x", "publish", "maybe")))
                .hasMessageContaining("sip.lisen: unknown key")
                .hasMessageContaining("sip.listen: 'sctp:x:1': transport must be udp, tcp or tls")
                .hasMessageContaining("sip.listen: needs a udp address")
                .hasMessageContaining("sip.separator:")
                .hasMessageContaining("sip.trusted: 'localhost' is not an IP network")
                .hasMessageContaining("sip.outbound-proxy:")
                .hasMessageContaining("sip.max-body-size: 'big' is not a whole number")
                .hasMessageContaining("sip.publish: 'maybe' is not true or false");
    }

    @Test
    void aTlsListenerNeedsAReadableKeyStoreAndItsPasswordIsNeverPrinted() throws Exception {
        assertThatThrownBy(() -> SipGatewaySettings.from(Map.of("listen", "udp:127.0.0.1:5060,tls:127.0.0.1:5061")))
                .hasMessageContaining("sip.listen: a tls: address needs sip.tls-key-store");
        assertThatThrownBy(() -> SipGatewaySettings.from(Map.of("tls-key-store", "/nonexistent/ks.p12")))
                .hasMessageContaining("sip.tls-key-store: cannot read /nonexistent/ks.p12");
        java.nio.file.Path ks = java.nio.file.Files.createTempFile("ks", ".p12");
        try {
            SipGatewaySettings s = SipGatewaySettings.from(Map.of("listen", "udp:127.0.0.1:5060,tls:127.0.0.1:5061",
                    "tls-key-store", ks.toString(), "tls-key-store-password", "hunter2"));
            assertThat(s.tlsKeyStore()).contains(ks.toString());
            assertThat(s.toString()).doesNotContain("hunter2").contains("tlsKeyStorePassword=***");
        } finally {
            java.nio.file.Files.delete(ks);
        }
    }
}
