package dev.ferry.irc.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code irc} config section: defaults, and every problem named by its key. */
class IrcGatewaySettingsTest {

    @TempDir
    Path dir;

    @Test
    void defaultsAreTlsWithVerificationAndTheJdksTrust() {
        IrcGatewaySettings s = IrcGatewaySettings.from(Map.of());
        assertThat(s.defaultPort()).isEqualTo(6697);
        assertThat(s.tls()).isTrue();
        assertThat(s.verifyCertificate()).isTrue();
        assertThat(s.trustStore()).isNull();
    }

    @Test
    void aTrustStoreIsAReadablePemFile() throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        assertThat(IrcGatewaySettings.from(Map.of("trust-store", ca.toString())).trustStore()).isEqualTo(ca);
        assertThatThrownBy(() -> IrcGatewaySettings.from(Map.of("trust-store", dir.resolve("missing.pem").toString())))
                .hasMessageContaining("irc.trust-store: cannot read");
    }

    @Test
    void problemsAreNamedByKey() {
        assertThatThrownBy(() -> IrcGatewaySettings.from(Map.of("default-port", "70000", "tls", "perhaps", "colour", "red")))
                .hasMessageContaining("irc.default-port").hasMessageContaining("irc.tls").hasMessageContaining("irc.colour: unknown key");
    }
}
