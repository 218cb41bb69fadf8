package dev.ferry.irc.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Client certificates as users paste them and as Ferry makes them. The sample pair is the one a
 * raw client presented to InspIRCd 3.15 when captures/inspircd/sasl-external.txt was recorded;
 * its fingerprint below is what InspIRCd reported for it (RPL_WHOISCERTFP, 276) and what
 * Atheme's NickServ CERT ADD stored.
 */
class ClientCertificateTest {

    /** From the capture: ":irc.inspircd.localhost 276 ppe75839 ppe75839 :has TLS (SSL) client certificate fingerprint ...". */
    private static final String INSPIRCD_FINGERPRINT = "b997785d8df923b7ed93de46751454653dfbf8c9f54339ee79d40c8c11aa825c";

    static String samplePem() throws IOException {
        try (InputStream in = ClientCertificateTest.class.getResourceAsStream("/captures/inspircd/certfp-client.pem")) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    @Test
    void theFingerprintIsTheOneInspircdComputes() throws IOException {
        assertThat(ClientCertificate.parsePem(samplePem()).fingerprintSha256()).isEqualTo(INSPIRCD_FINGERPRINT);
    }

    @Test
    void aPemFlattenedToOneLineByAFormFieldStillReads() throws IOException {
        String flattened = samplePem().replace("\n", " ");
        assertThat(ClientCertificate.parsePem(flattened).fingerprintSha256()).isEqualTo(INSPIRCD_FINGERPRINT);
    }

    @Test
    void keyFirstThenCertificateReadsToo() throws IOException {
        String pem = samplePem();
        int key = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        assertThat(ClientCertificate.parsePem(pem.substring(key) + pem.substring(0, key)).fingerprintSha256())
                .isEqualTo(INSPIRCD_FINGERPRINT);
    }

    @Test
    void aGeneratedCertificateRoundTripsThroughPem() {
        ClientCertificate made = ClientCertificateGenerator.generate("alice@localhost");
        ClientCertificate read = ClientCertificate.parsePem(made.toPem());

        assertThat(read.fingerprintSha256()).isEqualTo(made.fingerprintSha256()).hasSize(64).matches("[0-9a-f]+");
        assertThat(read.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=alice@localhost");
        assertThat(read.certificate().getVersion()).isEqualTo(3);
        assertThat(ClientCertificateGenerator.generate("alice@localhost").fingerprintSha256())
                .isNotEqualTo(made.fingerprintSha256()); // a new key each time
    }

    @Test
    void aGeneratedCertificateVerifiesWithItsOwnKey() throws Exception {
        ClientCertificate made = ClientCertificateGenerator.generate("bob");
        made.certificate().verify(made.certificate().getPublicKey()); // self-signed, correctly
        made.certificate().checkValidity();
    }

    @Test
    void neverPrintsTheKey() throws IOException {
        ClientCertificate c = ClientCertificate.parsePem(samplePem());
        String keyBody = samplePem().split("-----BEGIN PRIVATE KEY-----")[1].substring(1, 30);
        assertThat(c.toString()).contains(INSPIRCD_FINGERPRINT).doesNotContain(keyBody).doesNotContain("PRIVATE");
        IrcClientSettings s = IrcClientSettings.plain("h", 1, "n").withClientCertificate(c);
        assertThat(s.toString()).contains("sha256:" + INSPIRCD_FINGERPRINT).doesNotContain(keyBody);
    }

    @Test
    void aCertificateWithoutItsKeyIsRefused() throws IOException {
        String certOnly = samplePem().substring(0, samplePem().indexOf("-----BEGIN PRIVATE KEY-----"));
        assertThatThrownBy(() -> ClientCertificate.parsePem(certOnly)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no '-----BEGIN PRIVATE KEY-----' block");
    }

    @Test
    void aKeyWithoutCertificateIsRefused() throws IOException {
        String keyOnly = samplePem().substring(samplePem().indexOf("-----BEGIN PRIVATE KEY-----"));
        assertThatThrownBy(() -> ClientCertificate.parsePem(keyOnly)).hasMessageContaining("no '-----BEGIN CERTIFICATE-----' block");
    }

    @Test
    void someoneElsesKeyIsRefused() throws IOException {
        String otherKey = ClientCertificateGenerator.generate("other").toPem();
        String mixed = samplePem().substring(0, samplePem().indexOf("-----BEGIN PRIVATE KEY-----"))
                + otherKey.substring(otherKey.indexOf("-----BEGIN PRIVATE KEY-----"));
        assertThatThrownBy(() -> ClientCertificate.parsePem(mixed)).hasMessage("the private key does not belong to the certificate");
    }

    @Test
    void aPkcs1KeySaysHowToConvertIt() throws IOException {
        String pkcs1 = samplePem().substring(0, samplePem().indexOf("-----BEGIN PRIVATE KEY-----"))
                + "-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAK\n-----END RSA PRIVATE KEY-----\n";
        assertThatThrownBy(() -> ClientCertificate.parsePem(pkcs1)).hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
    }

    @Test
    void brokenBase64AndEmptyInputAreRefusedWithAReason() {
        assertThatThrownBy(() -> ClientCertificate.parsePem("-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----"))
                .hasMessage("the CERTIFICATE block is not valid base64");
        assertThatThrownBy(() -> ClientCertificate.parsePem("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----"))
                .hasMessage("the CERTIFICATE block is not an X.509 certificate");
        assertThatThrownBy(() -> ClientCertificate.parsePem("")).hasMessageContaining("no '-----BEGIN CERTIFICATE-----' block");
        assertThatThrownBy(() -> ClientCertificate.parsePem(null)).hasMessageContaining("no '-----BEGIN CERTIFICATE-----' block");
    }

    @Test
    void derLengthsPast127UseTheLongForm() {
        assertThat(ClientCertificateGenerator.tlv(0x04, new byte[5])).startsWith(0x04, 5);
        assertThat(ClientCertificateGenerator.tlv(0x04, new byte[200])).startsWith(0x04, 0x81, 200);
        assertThat(ClientCertificateGenerator.tlv(0x04, new byte[300])).startsWith(0x04, 0x82, 0x01, 0x2c).hasSize(304);
    }
}
