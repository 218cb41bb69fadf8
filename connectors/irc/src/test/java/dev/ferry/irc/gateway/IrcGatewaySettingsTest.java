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

    @Test
    void theMirrorBotsCertificateIsACertificateAndKeyPair() throws Exception {
        dev.ferry.irc.client.ClientCertificate made = dev.ferry.irc.client.ClientCertificateGenerator.generate("ferry-relay");
        String pem = made.toPem();
        int key = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        Path cert = Files.writeString(dir.resolve("bot.crt"), pem.substring(0, key));
        Path keyFile = Files.writeString(dir.resolve("bot.key"), pem.substring(key));

        IrcGatewaySettings s = IrcGatewaySettings.from(Map.of("client-certificate", cert.toString(), "client-key", keyFile.toString()));
        assertThat(s.clientCertificate().fingerprintSha256()).isEqualTo(made.fingerprintSha256());
        assertThat(IrcGatewaySettings.from(Map.of()).clientCertificate()).isNull();
        // mirror bots connect with the gateway's defaults: they present it
        assertThat(IrcServerPreferences.defaults(s, "bot").toClientSettings("irc.example.org", "bot", s).clientCertificate())
                .isSameAs(s.clientCertificate());

        assertThatThrownBy(() -> IrcGatewaySettings.from(Map.of("client-certificate", cert.toString())))
                .hasMessageContaining("irc.client-key: client-certificate and client-key go together");
        assertThatThrownBy(() -> IrcGatewaySettings.from(Map.of("client-certificate", cert.toString(), "client-key", cert.toString())))
                .hasMessageContaining("irc.client-certificate: no '-----BEGIN PRIVATE KEY-----' block");
        assertThatThrownBy(() -> IrcGatewaySettings.from(Map.of("client-certificate", dir.resolve("no.crt").toString(),
                "client-key", keyFile.toString()))).hasMessageContaining("irc.client-certificate: cannot read");
    }
}
