package dev.ferry.mappings.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class MailAddressTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            carol%mail.example              | carol       | mail.example | carol@mail.example       | carol%mail.example
            carol\\40mail.example           | carol       | mail.example | carol@mail.example       | carol%mail.example
            first.last%example.org          | first.last  | example.org  | first.last@example.org   | first.last%example.org
            user+tag%example.org            | user+tag    | example.org  | user+tag@example.org     | user+tag%example.org
            o\\27brien%example.org          | o'brien     | example.org  | o'brien@example.org      | o\\27brien%example.org
            a\\26b%example.org              | a&b         | example.org  | a&b@example.org          | a\\26b%example.org
            x#y$z=w?v^u_t`s{r}p~o%example.org | x#y$z=w?v^u_t`s{r}p~o | example.org | x#y$z=w?v^u_t`s{r}p~o@example.org | x#y$z=w?v^u_t`s{r}p~o%example.org
            a\\2fb%example.org              | a/b         | example.org  | a/b@example.org          | a\\2fb%example.org
            root%localhost                  | root        | localhost    | root@localhost           | root%localhost
            """)
    void xmppToMailRoundTrips(String localpart, String local, String domain, String address, String canonical) {
        MailAddress mail = MailAddress.parse(localpart);
        assertThat(mail).isEqualTo(new MailAddress(local, domain));
        assertThat(mail.toAddress()).isEqualTo(address);
        assertThat(mail.format()).isEqualTo(canonical);
        assertThat(MailAddress.parse(mail.format())).isEqualTo(mail);
        assertThat(MailAddress.parseAddress(mail.toAddress())).isEqualTo(mail);
    }

    @ParameterizedTest(name = "{0} with {1}")
    @CsvSource(delimiter = '|', textBlock = """
            alice*example.org       | *  | alice      | example.org
            first.last*example.org  | *  | first.last | example.org
            a+b*example.org         | *  | a+b        | example.org
            a*b*example.org         | *  | a*b        | example.org
            alice=example.org       | =  | alice      | example.org
            alice*localhost         | *  | alice      | localhost
            """)
    void mailToXmppRoundTrips(String localPart, String separator, String local, String domain) {
        JidAddress jid = MailAddress.jidFromLocalPart(localPart, separator);
        assertThat(jid).isEqualTo(new JidAddress(local, domain));
        assertThat(MailAddress.localPartForJid(jid, separator)).isEqualTo(localPart);
    }

    @Test
    void acceptsLimits() {
        String local = "a".repeat(64);
        String domain = ("a".repeat(63) + ".").repeat(3) + "a".repeat(61);
        assertThat(domain).hasSize(253);
        assertThat(new MailAddress(local, domain).toAddress()).hasSize(64 + 1 + 253);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                arguments(null, "empty local part"),
                arguments("", "empty local part"),
                arguments("carol", "no '%' or '\\40'"),
                arguments("%mail.example", "missing user"),
                arguments("carol%", "missing host"),
                arguments("\\22carol\\22%mail.example", "quoted local parts are not accepted"),
                arguments("ca\\22rol%mail.example", "contains a quote"),
                arguments("ca rol%mail.example", "whitespace or control character U+0020"),
                arguments("ca\\20rol%mail.example", "U+0020"),
                arguments(".carol%mail.example", "starts or ends with a dot"),
                arguments("carol.%mail.example", "starts or ends with a dot"),
                arguments("ca..rol%mail.example", "consecutive dots"),
                arguments("carol\r%mail.example", "contains CR"),
                arguments("carol\n%mail.example", "contains LF"),
                arguments("carol\0%mail.example", "contains NUL"),
                arguments("carol\r\nBcc: x%mail.example", "contains CR"),
                arguments("\\3ccarol\\3e%mail.example", "contains '<'"),
                arguments("carol\\3e%mail.example", "contains '>'"),
                arguments("a%b%mail.example", "source routing is refused"),
                arguments("relay!carol%mail.example", "source routing is refused"),
                arguments("a\\40b\\40mail.example", "contains '@'"),
                arguments("a,b%mail.example", "not allowed in a dot-atom"),
                arguments("a(b)%mail.example", "not allowed in a dot-atom"),
                arguments("a:b%mail.example", "not allowed in a dot-atom"),
                arguments("caf\u00e9%mail.example", "not allowed in a dot-atom"),
                arguments("a".repeat(65) + "%mail.example", "longer than 64 octets"),
                arguments("carol%mail.example.", "must not end with a dot"),
                arguments("carol%" + ("a".repeat(63) + ".").repeat(3) + "a".repeat(62), "longer than 253"),
                arguments("carol%[192.0.2.1]", "inner hyphens"),
                arguments("carol%mail.example:25", "must not carry a port"),
                arguments("carol%mail_example", "inner hyphens"),
                arguments("carol%mail.example\r\nRCPT TO:<x>", "whitespace or control"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("invalid")
    void refusesInvalidInputNamingTheReason(String localpart, String reason) {
        assertThatThrownBy(() -> MailAddress.parse(localpart))
                .isInstanceOf(AddressException.class)
                .hasMessageStartingWith("invalid ")
                .hasMessageContaining(reason)
                .hasMessageNotContaining("\r").hasMessageNotContaining("\n");
    }

    static Stream<Arguments> invalidMailToXmpp() {
        return Stream.of(
                arguments("alice", "*", "no '*' separating"),
                arguments("alice*", "*", "missing host name"),
                arguments("*example.org", "*", "missing local part"),
                arguments("o'brien*example.org", "*", "may not contain '''"),
                arguments("a/b*example.org", "*", "may not contain '/'"),
                arguments("alice*exa_mple.org", "*", "inner hyphens"),
                arguments("\"alice\"*example.org", "*", "quoted local parts"),
                arguments("alice%example.org", "%", "separator"));
    }

    @ParameterizedTest(name = "[{index}] {2}")
    @MethodSource("invalidMailToXmpp")
    void refusesInvalidMailLocalParts(String localPart, String separator, String reason) {
        assertThatThrownBy(() -> MailAddress.jidFromLocalPart(localPart, separator))
                .isInstanceOf(AddressException.class).hasMessageContaining(reason);
    }

    @Test
    void refusesJidsThatDoNotFitAMailLocalPart() {
        assertThatThrownBy(() -> MailAddress.localPartForJid(new JidAddress("a".repeat(60), "example.org"), "*"))
                .isInstanceOf(AddressException.class).hasMessageContaining("longer than 64 octets");
        assertThatThrownBy(() -> MailAddress.localPartForJid(new JidAddress("caf\u00e9", "example.org"), "*"))
                .hasMessageContaining("not allowed in a dot-atom");
    }

    @Test
    void parsesPlainAddressesOnly() {
        assertThatThrownBy(() -> MailAddress.parseAddress("Carol <carol@mail.example>")).hasMessageContaining("U+0020");
        assertThatThrownBy(() -> MailAddress.parseAddress("carol")).hasMessageContaining("missing '@'");
        assertThatThrownBy(() -> MailAddress.parseAddress("<carol@mail.example>")).hasMessageContaining("'<'");
    }
}
