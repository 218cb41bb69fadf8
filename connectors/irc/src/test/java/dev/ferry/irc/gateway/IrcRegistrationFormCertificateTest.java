package dev.ferry.irc.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.irc.client.ClientCertificate;
import dev.ferry.irc.client.ClientCertificateGenerator;
import dev.ferry.mappings.store.Store;
import dev.ferry.mappings.store.StoreSettings;
import dev.ferry.spi.Delivery;
import dev.ferry.spi.Failure;
import dev.ferry.spi.FormField;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's client certificate through the registration form, against a real (H2) store: made or
 * pasted, kept encrypted, shown by fingerprint only, used by the next connection; bad input is
 * refused with the reason and changes nothing.
 */
class IrcRegistrationFormCertificateTest {

    static final String OWNER = "alice@localhost";
    static final String SERVER = "irc.example.org";

    @TempDir
    Path dir;
    Store store;
    IrcRegistrationForm form;
    final IrcGatewaySettings defaults = IrcGatewaySettings.from(Map.of());

    @BeforeEach
    void setUp() {
        store = Store.open(StoreSettings.h2(dir));
        form = new IrcRegistrationForm(store.settings(), store.credentials());
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    private ClientCertificate stored() {
        return IrcServerPreferences.load(OWNER, SERVER, defaults, store.settings(), store.credentials()).clientCertificate();
    }

    private FormField field(String var) {
        return form.fields(OWNER, SERVER, defaults).stream().filter(f -> f.var().equals(var)).findFirst().orElseThrow();
    }

    @Test
    void aGeneratedCertificateIsKeptAndItsFingerprintTold() {
        Delivery d = form.submit(OWNER, SERVER, Map.of("generate-certificate", "true"));

        assertThat(d.isFailed()).isFalse();
        ClientCertificate cert = stored();
        assertThat(cert).isNotNull();
        assertThat(d.detail()).contains("SHA-256 fingerprint is " + cert.fingerprintSha256())
                .contains("/msg NickServ CERT ADD " + cert.fingerprintSha256());
        assertThat(field("client-certificate").description()).contains(cert.fingerprintSha256());
        assertThat(field("client-certificate").value()).isEmpty(); // never the PEM, it holds the key
        assertThat(form.isRegistered(OWNER, SERVER)).isTrue();
        // sent to the IRC server in every handshake: it does not name the user's JID
        assertThat(cert.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=Ferry IRC client").doesNotContain("alice");
        // the next connection presents it
        assertThat(IrcServerPreferences.load(OWNER, SERVER, defaults, store.settings(), store.credentials())
                .toClientSettings(SERVER, "alice", defaults).clientCertificate().fingerprintSha256()).isEqualTo(cert.fingerprintSha256());
    }

    @Test
    void aPastedCertificateIsCheckedAndKept() {
        ClientCertificate mine = ClientCertificateGenerator.generate("mine");
        assertThat(form.submit(OWNER, SERVER, Map.of("client-certificate", mine.toPem())).isFailed()).isFalse();
        assertThat(stored().fingerprintSha256()).isEqualTo(mine.fingerprintSha256());
        // an empty field later keeps it
        assertThat(form.submit(OWNER, SERVER, Map.of("client-certificate", "", "realname", "Alice")).isFailed()).isFalse();
        assertThat(stored().fingerprintSha256()).isEqualTo(mine.fingerprintSha256());
    }

    @Test
    void theKeyIsStoredEncrypted() {
        ClientCertificate mine = ClientCertificateGenerator.generate("mine");
        form.submit(OWNER, SERVER, Map.of("client-certificate", mine.toPem()));
        // What the settings table holds (plain) has no trace of it; the credential opens to the PEM.
        assertThat(store.settings().get(OWNER, "irc", SERVER).values()).noneMatch(v -> v.contains("PRIVATE KEY"));
        assertThat(store.credentials().get(OWNER, "irc", SERVER + "/client-certificate")).get().asString().contains("PRIVATE KEY");
    }

    @Test
    void aBadCertificateIsRefusedWithTheReasonAndChangesNothing() {
        ClientCertificate first = ClientCertificateGenerator.generate("first");
        form.submit(OWNER, SERVER, Map.of("client-certificate", first.toPem()));

        String certOnly = first.toPem().substring(0, first.toPem().indexOf("-----BEGIN PRIVATE KEY-----"));
        Delivery d = form.submit(OWNER, SERVER, Map.of("client-certificate", certOnly, "realname", "Changed"));
        assertThat(d.failure()).contains(Failure.NOT_ACCEPTABLE);
        assertThat(d.detail()).startsWith("client-certificate: no '-----BEGIN PRIVATE KEY-----' block");
        assertThat(stored().fingerprintSha256()).isEqualTo(first.fingerprintSha256());
        assertThat(store.settings().get(OWNER, "irc", SERVER)).doesNotContainEntry("realname", "Changed");
    }

    @Test
    void askingForANewOneAndPastingOneIsRefused() {
        Delivery d = form.submit(OWNER, SERVER, Map.of("generate-certificate", "1",
                "client-certificate", ClientCertificateGenerator.generate("x").toPem()));
        assertThat(d.detail()).contains("give a certificate or ask for a new one, not both");
        assertThat(stored()).isNull();
    }

    @Test
    void removingTheRegistrationForgetsTheCertificate() {
        form.submit(OWNER, SERVER, Map.of("generate-certificate", "true"));
        form.remove(OWNER, SERVER);
        assertThat(stored()).isNull();
        assertThat(form.isRegistered(OWNER, SERVER)).isFalse();
    }
}
