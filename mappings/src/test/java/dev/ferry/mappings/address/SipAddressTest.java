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

class SipAddressTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            bob%sip.example.com               | bob           | sip.example.com | sip:bob@sip.example.com           | bob%sip.example.com
            bob\\40sip.example.com            | bob           | sip.example.com | sip:bob@sip.example.com           | bob%sip.example.com
            alice.smith%example.org           | alice.smith   | example.org     | sip:alice.smith@example.org       | alice.smith%example.org
            +15551234%pstn.example.com        | +15551234     | pstn.example.com| sip:+15551234@pstn.example.com    | +15551234%pstn.example.com
            a-b_c!d~e*f(g)%sip.example.com    | a-b_c!d~e*f(g)| sip.example.com | sip:a-b_c!d~e*f(g)@sip.example.com| a-b_c!d~e*f(g)%sip.example.com
            o\\26co%sip.example.com           | o&co          | sip.example.com | sip:o&co@sip.example.com          | o\\26co%sip.example.com
            a\\2fb=c$d,e%sip.example.com      | a/b=c$d,e     | sip.example.com | sip:a/b=c$d,e@sip.example.com     | a\\2fb=c$d,e%sip.example.com
            1000%192.0.2.10                   | 1000          | 192.0.2.10      | sip:1000@192.0.2.10               | 1000%192.0.2.10
            bob%localhost                     | bob           | localhost       | sip:bob@localhost                 | bob%localhost
            """)
    void xmppToSipRoundTrips(String localpart, String user, String host, String uri, String canonical) {
        SipAddress address = SipAddress.parse(localpart);
        assertThat(address).isEqualTo(new SipAddress(user, host));
        assertThat(address.toSipUri()).isEqualTo(uri);
        assertThat(address.format()).isEqualTo(canonical);
        assertThat(SipAddress.parse(address.format())).isEqualTo(address);
        assertThat(SipAddress.parseUri(address.toSipUri())).isEqualTo(address);
    }

    @ParameterizedTest(name = "{0} with {1}")
    @CsvSource(delimiter = '|', textBlock = """
            alice*example.org        | *  | alice       | example.org
            alice.smith*example.org  | *  | alice.smith | example.org
            a*b*example.org          | *  | a*b         | example.org
            alice*localhost          | *  | alice       | localhost
            alice~example.org        | ~  | alice       | example.org
            alice+=example.org       | +=  | alice       | example.org
            """)
    void sipToXmppRoundTrips(String userPart, String separator, String local, String domain) {
        JidAddress jid = SipAddress.jidFromUser(userPart, separator);
        assertThat(jid).isEqualTo(new JidAddress(local, domain));
        assertThat(jid.format()).isEqualTo(local + "@" + domain);
        assertThat(SipAddress.userForJid(jid, separator)).isEqualTo(userPart);
    }

    static Stream<Arguments> invalidLocalparts() {
        return Stream.of(
                arguments(null, "empty local part"),
                arguments("", "empty local part"),
                arguments("bob", "no '%' or '\\40'"),
                arguments("%sip.example.com", "missing user"),
                arguments("bob%", "missing host"),
                arguments("bob\\40", "missing host"),
                arguments("bob;transport=tcp%sip.example.com", "URI parameters are not allowed"),
                arguments("bob?subject=hi%sip.example.com", "URI headers are not allowed"),
                arguments("bob\\3apassword%sip.example.com", "a port or password is not allowed"),
                arguments("bob%sip.example.com:5060", "must not carry a port"),
                arguments("bob%sip.example.com;lr", "inner hyphens"),
                arguments("b\\3cob\\3e%sip.example.com", "contains '<'"),
                arguments("bob\\3e%sip.example.com", "contains '>'"),
                arguments("b\\22ob%sip.example.com", "contains a quote"),
                arguments("b\\27ob%sip.example.com", "contains a quote"),
                arguments("b ob%sip.example.com", "whitespace or control character U+0020"),
                arguments("b\\20ob%sip.example.com", "whitespace or control character U+0020"),
                arguments("bob\t%sip.example.com", "U+0009"),
                arguments("bob\r%sip.example.com", "contains CR"),
                arguments("bob\n%sip.example.com", "contains LF"),
                arguments("bob\0%sip.example.com", "contains NUL"),
                arguments("bob%sip.example.com\r\nVia: evil", "whitespace or control"),
                arguments("b%o%sip.example.com", "percent-escapes are not accepted"),
                arguments("b\u00e9b%sip.example.com", "character '\u00e9' is not allowed"),
                arguments("b\\40o\\40b%sip.example.com", "contains '@'"),
                arguments("u".repeat(129) + "%sip.example.com", "longer than 128"),
                arguments("bob%-bad.example.com", "inner hyphens"),
                arguments("bob%bad..example.com", "empty label"),
                arguments("bob%[2001:db8::1]", "must not carry a port or IPv6 literal"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("invalidLocalparts")
    void refusesInvalidLocalparts(String localpart, String reason) {
        assertThatThrownBy(() -> SipAddress.parse(localpart))
                .isInstanceOf(AddressException.class)
                .hasMessageStartingWith("invalid ")
                .hasMessageContaining(reason)
                .hasMessageNotContaining("\r").hasMessageNotContaining("\n");
    }

    static Stream<Arguments> invalidUserParts() {
        return Stream.of(
                arguments("aliceexample.org", "*", "no '*' separating"),
                arguments("*example.org", "*", "missing local part"),
                arguments("alice*", "*", "missing host name"),
                arguments("alice*exa_mple.org", "*", "inner hyphens"),
                arguments("al&ice*example.org", "*", "may not contain '&'"),
                arguments("a/b*example.org", "*", "may not contain '/'"),
                arguments("alice*example.org;transport=udp", "*", "URI parameters"),
                arguments("alice*example.org:5060", "*", "a port or password"),
                arguments("al\rice*example.org", "*", "contains CR"),
                arguments("", "*", "missing user part"),
                arguments("alice.example.org", ".", "separator"),
                arguments("alice@example.org", "@", "separator"),
                arguments("aliceXexample.org", "X", "separator"),
                arguments("alice*example.org", "", "separator"));
    }

    @ParameterizedTest(name = "[{index}] {2}")
    @MethodSource("invalidUserParts")
    void refusesInvalidSipUserParts(String userPart, String separator, String reason) {
        assertThatThrownBy(() -> SipAddress.jidFromUser(userPart, separator))
                .isInstanceOf(AddressException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void refusesJidsThatCannotBeWrittenAsSipUsers() {
        assertThatThrownBy(() -> SipAddress.userForJid(new JidAddress("caf\u00e9", "example.org"), "*"))
                .isInstanceOf(AddressException.class).hasMessageContaining("not allowed");
        assertThatThrownBy(() -> SipAddress.userForJid(new JidAddress("a#b", "example.org"), "*"))
                .hasMessageContaining("'#' is not allowed");
        assertThatThrownBy(() -> SipAddress.userForJid(new JidAddress("a".repeat(120), "example.org"), "*"))
                .hasMessageContaining("longer than 128");
    }

    @Test
    void parsesSipUris() {
        assertThat(SipAddress.parseUri("SIP:bob@sip.example.com")).isEqualTo(new SipAddress("bob", "sip.example.com"));
        assertThatThrownBy(() -> SipAddress.parseUri("sips:bob@sip.example.com")).hasMessageContaining("must start with 'sip:'");
        assertThatThrownBy(() -> SipAddress.parseUri("sip:sip.example.com")).hasMessageContaining("missing user part");
        assertThatThrownBy(() -> SipAddress.parseUri("sip:bob@sip.example.com:5060")).hasMessageContaining("port");
        assertThatThrownBy(() -> SipAddress.parseUri("sip:bob@sip.example.com;transport=tcp")).hasMessageContaining("inner hyphens");
        assertThatThrownBy(() -> SipAddress.parseUri("sip:bob:pw@sip.example.com")).hasMessageContaining("port or password");
    }
}
