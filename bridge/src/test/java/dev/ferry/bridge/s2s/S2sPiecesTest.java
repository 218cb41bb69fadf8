package dev.ferry.bridge.s2s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pure pieces of the s2s layer: addresses, element reading, certificate names, the secret file. */
class S2sPiecesTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({
            "alice@xmpp.example/phone, xmpp.example",
            "alice@XMPP.Example, xmpp.example",
            "xmpp.example, xmpp.example",
            "xmpp.example/res@x, xmpp.example",
            "'#chan%irc.net@irc.example/nick', irc.example",
            "'', ''"})
    void domainOfAJid(String jid, String domain) {
        assertThat(Jids.domainOf(jid)).isEqualTo(domain);
    }

    @Test
    void serverStanzasAreReadInTheComponentNamespaceAndBareOnesGetIt() {
        assertThat(Jids.asComponentStanza("<message xmlns=\"jabber:server\" to=\"a@b\"><body>x</body></message>"))
                .isEqualTo("<message xmlns=\"jabber:component:accept\" to=\"a@b\"><body>x</body></message>");
        assertThat(Jids.asComponentStanza("<message xmlns=\"jabber:client\"/>")).isEqualTo("<message xmlns=\"jabber:client\"/>");
        assertThat(Jids.withComponentNamespace("<iq to='a' type='get'/>")).isEqualTo("<iq xmlns=\"jabber:component:accept\" to='a' type='get'/>");
        assertThat(Jids.withComponentNamespace("<iq/>")).isEqualTo("<iq xmlns=\"jabber:component:accept\"/>");
    }

    @Test
    void readsFeaturesAndDialbackElements() {
        ElementView features = ElementView.parse("<stream:features xmlns:stream=\"http://etherx.jabber.org/streams\">"
                + "<starttls xmlns=\"urn:ietf:params:xml:ns:xmpp-tls\"><required/></starttls>"
                + "<mechanisms xmlns=\"urn:ietf:params:xml:ns:xmpp-sasl\"><mechanism>EXTERNAL</mechanism></mechanisms>"
                + "</stream:features>");
        assertThat(features.has(S2sMarkup.TLS_NS, "starttls")).isTrue();
        assertThat(features.child(S2sMarkup.SASL_NS, "mechanisms").children()).extracting(ElementView::text).containsExactly("EXTERNAL");
        assertThat(features.has(S2sMarkup.DIALBACK_FEATURE_NS, "dialback")).isFalse();

        ElementView result = ElementView.parse("<db:result xmlns:db=\"jabber:server:dialback\" from=\"a.example\" to=\"b.example\">"
                + "abc123</db:result>");
        assertThat(result.namespace()).isEqualTo(S2sMarkup.DIALBACK_NS);
        assertThat(result.attribute("from")).isEqualTo("a.example");
        assertThat(result.attribute("type")).isEmpty();
        assertThat(result.text()).isEqualTo("abc123");
    }

    @Test
    void markupEscapesWhatItQuotes() {
        assertThat(S2sMarkup.dialbackResult("a'b", "c<d", "k&")).isEqualTo(
                "<db:result from='a&apos;b' to='c&lt;d'>k&amp;</db:result>");
        assertThat(S2sMarkup.errorAndClose("invalid-from", "x <y>")).isEqualTo("<stream:error><invalid-from"
                + " xmlns='urn:ietf:params:xml:ns:xmpp-streams'/><text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>x &lt;y&gt;"
                + "</text></stream:error></stream:stream>");
    }

    @ParameterizedTest
    @CsvSource({
            "irc.example.org, irc.example.org, true",
            "IRC.example.org, irc.example.org, false",
            "*.example.org, irc.example.org, true",
            "*.example.org, a.irc.example.org, false",
            "*.example.org, example.org, false",
            "sip.example.org, irc.example.org, false"})
    void certificateNamesMatchDomainsAsRfc6125Says(String name, String domain, boolean matches) {
        assertThat(S2sTls.matches(name, domain)).isEqualTo(matches);
    }

    @Test
    void theDialbackSecretIsCreatedPrivateAndKeptAcrossRestarts() throws IOException {
        Path file = dir.resolve("sub/dialback.key");
        String first = DialbackSecret.loadOrCreate(file);
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(DialbackSecret.loadOrCreate(file)).isEqualTo(first).hasSizeGreaterThanOrEqualTo(40);
    }

    @Test
    void aDialbackSecretOthersCanReadIsRefused() throws IOException {
        Path file = dir.resolve("open.key");
        Files.writeString(file, "0123456789abcdef0123456789");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> DialbackSecret.loadOrCreate(file)).hasMessageContaining("chmod 600");
    }
}
