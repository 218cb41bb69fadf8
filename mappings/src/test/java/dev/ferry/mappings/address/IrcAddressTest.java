package dev.ferry.mappings.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.ferry.mappings.address.IrcAddress.Kind;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class IrcAddressTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            '#chan%irc.example.org'           | ROOM   | irc.example.org | #chan
            \\26local%irc.example.org       | ROOM   | irc.example.org | &local
            +modeless%irc.example.org       | ROOM   | irc.example.org | +modeless
            !ABCDEsafe%irc.example.org      | ROOM   | irc.example.org | !ABCDEsafe
            '##double%irc.libera.chat'        | ROOM   | irc.libera.chat | ##double
            '#caf\u00e9-\u65e5\u672c%irc.example.org' | ROOM | irc.example.org | #caf\u00e9-\u65e5\u672c
            '#chan%127.0.0.1'                 | ROOM   | 127.0.0.1       | #chan
            '#a.b-c_d[e]%localhost'           | ROOM   | localhost       | #a.b-c_d[e]
            nick%irc.example.org            | USER   | irc.example.org | nick
            [away]_nick%irc.example.org     | USER   | irc.example.org | [away]_nick
            back\\5cslash%irc.example.org   | USER   | irc.example.org | back\\slash
            Nick^{x}`%irc.example.org       | USER   | irc.example.org | Nick^{x}`
            irc.example.org                 | SERVER | irc.example.org |
            localhost                       | SERVER | localhost       |
            """)
    void parsesAndFormatsEveryForm(String localpart, Kind kind, String server, String target) {
        IrcAddress address = IrcAddress.parse(localpart);
        assertThat(address).isEqualTo(new IrcAddress(kind, server, target));
        assertThat(address.kind()).isEqualTo(kind);
        assertThat(address.format()).isEqualTo(localpart);
        assertThat(address.formatLocalpart(null)).isEqualTo(localpart);
        assertThat(IrcAddress.parse(address.format())).isEqualTo(address);
    }

    @ParameterizedTest(name = "{0} on fixed irc.example.org")
    @CsvSource(delimiter = '|', textBlock = """
            '#chan'                     | ROOM   | #chan  | #chan
            \\26local                 | ROOM   | &local | \\26local
            nick                      | USER   | nick   | nick
            ''                        | SERVER |        | ''
            '#chan%irc.example.org'     | ROOM   | #chan  | #chan
            nick%IRC.example.org      | USER   | nick   | nick
            """)
    void fixedServerModeLeavesTheServerOut(String localpart, Kind kind, String target, String formatted) {
        IrcAddress address = IrcAddress.parse(localpart, "irc.example.org");
        assertThat(address).isEqualTo(new IrcAddress(kind, "irc.example.org", target));
        assertThat(address.formatLocalpart("irc.example.org")).isEqualTo(formatted);
        assertThat(IrcAddress.parse(address.formatLocalpart("irc.example.org"), "irc.example.org")).isEqualTo(address);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                arguments(null, "missing local part"),
                arguments("", "empty local part"),
                arguments("#chan%", "missing IRC server"),
                arguments("%irc.example.org", "missing channel or nick"),
                arguments("#%irc.example.org", "empty channel name"),
                arguments("#a b%irc.example.org", "contains a space"),
                arguments("#a\\20b%irc.example.org", "contains a space"),
                arguments("#a,b%irc.example.org", "contains a comma"),
                arguments("#a\rb%irc.example.org", "contains CR"),
                arguments("#a\nb%irc.example.org", "contains LF"),
                arguments("#a\0b%irc.example.org", "contains NUL"),
                arguments("#a\u0007b%irc.example.org", "control or space character U+0007"),
                arguments("#a\tb%irc.example.org", "control or space character U+0009"),
                arguments("#chan\r\nPRIVMSG #x :spam%irc.example.org", "contains CR"),
                arguments("#" + "c".repeat(200) + "%irc.example.org", "longer than 200 bytes"),
                arguments("#" + "\u00e9".repeat(100) + "%irc.example.org", "longer than 200 bytes"),
                arguments("#a%b%irc.example.org", "'%' separates the server"),
                arguments("n".repeat(65) + "%irc.example.org", "longer than 64 bytes"),
                arguments("nick!user%irc.example.org", "'!' is not allowed"),
                arguments("ni\\40ck%irc.example.org", "'@' is not allowed"),
                arguments(":nick%irc.example.org", "cannot start with ':'"),
                arguments("nick\r%irc.example.org", "contains CR"),
                arguments("ni ck%irc.example.org", "contains a space"),
                arguments("ni,ck%irc.example.org", "contains a comma"),
                arguments("#chan%irc_example.org", "is not letters, digits and inner hyphens"),
                arguments("#chan%irc..example.org", "empty label"),
                arguments("#chan%-irc.example.org", "inner hyphens"),
                arguments("#chan%irc.example.org:6697", "must not carry a port"),
                arguments("#chan%irc.example.org.", "must not end with a dot"),
                arguments("#chan%" + "a".repeat(64) + ".org", "max 63"),
                arguments("#chan%" + "a.".repeat(127) + "org", "longer than 253"),
                arguments("#chan%irc.example.org\r\nQUIT", "whitespace or control"),
                arguments("bad_server", "inner hyphens"),
                arguments("irc.exa mple.org", "whitespace or control"),
                arguments("#chan%\u00e9xample.org", "inner hyphens"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("invalid")
    void refusesInvalidInputNamingTheReason(String localpart, String reason) {
        assertThatThrownBy(() -> IrcAddress.parse(localpart))
                .isInstanceOf(AddressException.class)
                .hasMessageStartingWith("invalid ")
                .hasMessageContaining(reason)
                .hasMessageNotContaining("\r").hasMessageNotContaining("\n");
    }

    @Test
    void messagesNameTheInput() {
        assertThatThrownBy(() -> IrcAddress.parse("#a b%irc.example.org"))
                .hasMessage("invalid IRC channel '#a b': contains a space");
        assertThatThrownBy(() -> IrcAddress.parse("#a\r\nb%irc.example.org"))
                .hasMessage("invalid IRC channel '#a\\r\\nb': contains CR");
    }

    @Test
    void fixedServerModeRefusesOtherServers() {
        assertThatThrownBy(() -> IrcAddress.parse("#chan%irc.other.org", "irc.example.org"))
                .isInstanceOf(AddressException.class).hasMessageContaining("only serves 'irc.example.org'");
        assertThatThrownBy(() -> IrcAddress.parse("%irc.example.org", "irc.example.org"))
                .hasMessageContaining("missing channel or nick");
        assertThatThrownBy(() -> IrcAddress.room("irc.other.org", "#chan").formatLocalpart("irc.example.org"))
                .isInstanceOf(AddressException.class).hasMessageContaining("fixed to 'irc.example.org'");
    }

    @Test
    void constructorValidatesKindAgainstTarget() {
        assertThatThrownBy(() -> IrcAddress.room("irc.example.org", "nick")).hasMessageContaining("must start with one of #&+!");
        assertThatThrownBy(() -> IrcAddress.user("irc.example.org", "#chan")).hasMessageContaining("cannot start with a channel prefix");
        assertThatThrownBy(() -> new IrcAddress(Kind.SERVER, "irc.example.org", "#chan")).hasMessageContaining("has no channel or nick");
        assertThatThrownBy(() -> IrcAddress.user("irc.example.org", "")).hasMessageContaining("empty nick");
        assertThat(IrcAddress.of("irc.example.org", "")).isEqualTo(IrcAddress.server("irc.example.org"));
        assertThat(IrcAddress.server("irc.example.org").target()).isEmpty();
    }
}
