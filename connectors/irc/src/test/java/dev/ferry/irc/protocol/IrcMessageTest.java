package dev.ferry.irc.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IrcMessageTest {

    static final List<String> CAPTURES = List.of("ngircd/alice.txt", "ngircd/bob.txt", "inspircd/alice.txt", "inspircd/bob.txt");

    static Stream<Arguments> capturedLines() throws IOException {
        List<Arguments> all = new ArrayList<>();
        for (String file : CAPTURES) {
            try (InputStream in = IrcMessageTest.class.getResourceAsStream("/captures/" + file)) {
                assertThat(in).as(file).isNotNull();
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    if (!line.isEmpty()) {
                        all.add(Arguments.of(file, line));
                    }
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("capturedLines")
    void everyCapturedLineParsesAndRoundTrips(String file, String line) {
        IrcMessage m = IrcMessage.parse(line);
        assertThat(m.command()).isNotEmpty();
        assertThat(IrcMessage.parse(m.toLine())).isEqualTo(m);
    }

    /** Given this real line, expect these parts. */
    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of(":irc.ngircd.localhost CAP * LS :multi-prefix",
                        Map.of(), "irc.ngircd.localhost", "CAP", List.of("*", "LS", "multi-prefix")),
                Arguments.of(":irc.ngircd.localhost 005 alice RFC2812 IRCD=ngIRCd CHARSET=UTF-8 :are supported on this server",
                        Map.of(), "irc.ngircd.localhost", "005", List.of("alice", "RFC2812", "IRCD=ngIRCd", "CHARSET=UTF-8", "are supported on this server")),
                Arguments.of(":alice!~alice@127.0.0.1 JOIN :#ferry", Map.of(), "alice!~alice@127.0.0.1", "JOIN", List.of("#ferry")),
                Arguments.of(":irc.ngircd.localhost 353 alice = #ferry :@alice", Map.of(), "irc.ngircd.localhost", "353", List.of("alice", "=", "#ferry", "@alice")),
                Arguments.of("PING :irc.ngircd.localhost", Map.of(), null, "PING", List.of("irc.ngircd.localhost")),
                Arguments.of("ERROR :\"done\"", Map.of(), null, "ERROR", List.of("\"done\"")),
                Arguments.of("@time=2026-11-26T02:08:54.191Z;msgid=361~1795658888~0;inspircd.org/echo :alice!alice@127.0.0.1 PRIVMSG #ferry :hello from alice",
                        Map.of("time", "2026-11-26T02:08:54.191Z", "msgid", "361~1795658888~0", "inspircd.org/echo", ""),
                        "alice!alice@127.0.0.1", "PRIVMSG", List.of("#ferry", "hello from alice")),
                Arguments.of(":irc.inspircd.localhost 333 bob #ferry alice!alice@127.0.0.1 :1795658932",
                        Map.of(), "irc.inspircd.localhost", "333", List.of("bob", "#ferry", "alice!alice@127.0.0.1", "1795658932")),
                Arguments.of(":irc.inspircd.localhost PONG irc.inspircd.localhost :ferry-1",
                        Map.of(), "irc.inspircd.localhost", "PONG", List.of("irc.inspircd.localhost", "ferry-1")),
                Arguments.of("@a=x\\:y\\sz\\\\w\\r\\n\\q;b :n PRIVMSG #c ::-)", Map.of("a", "x;y z\\w\r\nq", "b", ""), "n", "PRIVMSG", List.of("#c", ":-)")),
                Arguments.of("privmsg #c hi\r\n", Map.of(), null, "PRIVMSG", List.of("#c", "hi")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void parsesTheParts(String line, Map<String, String> tags, String prefix, String command, List<String> params) {
        IrcMessage m = IrcMessage.parse(line);
        assertThat(m.tags()).isEqualTo(tags);
        assertThat(m.prefix().map(Prefix::format).orElse(null)).isEqualTo(prefix);
        assertThat(m.command()).isEqualTo(command);
        assertThat(m.params()).isEqualTo(params);
    }

    @Test
    void prefixParsesAndFormats() {
        assertThat(Prefix.parse("alice!~alice@127.0.0.1")).isEqualTo(new Prefix("alice", "~alice", "127.0.0.1"));
        assertThat(Prefix.parse("irc.example.net").isServer()).isTrue();
        assertThat(Prefix.parse("n@h")).isEqualTo(new Prefix("n", null, "h"));
        assertThat(new Prefix("a", "b", "c").format()).isEqualTo("a!b@c");
    }

    @Test
    void lastParamGetsColonOnlyWhenNeeded() {
        assertThat(IrcMessage.privmsg("#c", "word").toLine()).isEqualTo("PRIVMSG #c word");
        assertThat(IrcMessage.privmsg("#c", "two words").toLine()).isEqualTo("PRIVMSG #c :two words");
        assertThat(IrcMessage.privmsg("#c", ":)").toLine()).isEqualTo("PRIVMSG #c ::)");
        assertThat(IrcMessage.privmsg("#c", "").toLine()).isEqualTo("PRIVMSG #c :");
        assertThat(IrcMessage.user("bob", "Bob B").toLine()).isEqualTo("USER bob 0 * :Bob B");
        assertThat(IrcMessage.join("#c", "key").toLine()).isEqualTo("JOIN #c key");
        assertThat(IrcMessage.cap("REQ", "a b").toLine()).isEqualTo("CAP REQ :a b");
        assertThat(IrcMessage.quit(null).toLine()).isEqualTo("QUIT");
        assertThat(IrcMessage.raw("MODE", "#c", "+o", "bob").toLine()).isEqualTo("MODE #c +o bob");
        assertThat(new IrcMessage(Map.of("+typing", "active x;y"), Optional.empty(), "TAGMSG", List.of("#c")).toLine())
                .isEqualTo("@+typing=active\\sx\\:y TAGMSG #c");
    }

    @Test
    void buildersRefuseLineBreaksAndNulNamingTheParam() {
        assertThatThrownBy(() -> IrcMessage.privmsg("#c", "hi\r\nQUIT :x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("text").hasMessageContaining("CR");
        assertThatThrownBy(() -> IrcMessage.privmsg("#c", "\nJOIN #other")).hasMessageContaining("text contains LF");
        assertThatThrownBy(() -> IrcMessage.notice("#c", "a\0b")).hasMessageContaining("text contains NUL");
        assertThatThrownBy(() -> IrcMessage.privmsg("#c\r\nQUIT", "x")).hasMessageContaining("target");
        assertThatThrownBy(() -> IrcMessage.privmsg("#c x", "y")).hasMessageContaining("target contains a space");
        assertThatThrownBy(() -> IrcMessage.join(":#c", null)).hasMessageContaining("channel starts with ':'");
        assertThatThrownBy(() -> IrcMessage.join("#c", "")).hasMessageContaining("key is empty");
        assertThatThrownBy(() -> IrcMessage.nick("a\nb")).hasMessageContaining("nick");
        assertThatThrownBy(() -> IrcMessage.quit("bye\rJOIN #x")).hasMessageContaining("quit message");
        assertThatThrownBy(() -> IrcMessage.raw("PRIVMSG", "#a b", "x")).hasMessageContaining("param 0 of PRIVMSG");
        assertThatThrownBy(() -> IrcMessage.raw("PRIVMSG", "#a", "x\ny")).hasMessageContaining("param 1 of PRIVMSG contains LF");
        assertThatThrownBy(() -> IrcMessage.raw("QUIT\r\n")).hasMessageContaining("command");
    }

    @Test
    void toLineRefusesWhatTheConstructorLetThrough() {
        IrcMessage parsed = IrcMessage.parse("PRIVMSG #c :a\0b");
        assertThatThrownBy(parsed::toLine).hasMessageContaining("param 1 of PRIVMSG contains NUL");
        IrcMessage built = IrcMessage.of("PRIVMSG", List.of("#c", "x\ny"));
        assertThatThrownBy(built::toLine).hasMessageContaining("contains LF");
    }

    // found by IrcProtocolFuzzTest: "   @a=b" parsed as command "@A=B", which toLine() wrote back as a tags-only line
    @Test
    void aCommandThatIsNotLettersOrDigitsIsRefused() {
        assertThatThrownBy(() -> IrcMessage.parse("   @a=b\\*_")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no valid command");
        assertThatThrownBy(() -> IrcMessage.parse("PRIV:MSG #a :x")).isInstanceOf(IllegalArgumentException.class);
        assertThat(IrcMessage.parse("001 alice :hi").command()).isEqualTo("001");
    }

    // found by IrcProtocolFuzzTest: a NUL in a received tag value was written back raw by toLine()
    @Test
    void aTagValueWithNulIsRefusedOnWriting() {
        IrcMessage read = IrcMessage.parse("@time=\u00002026-11-26T02:08:48.469Z :irc.inspircd.localhost 004 alice :x");
        assertThatThrownBy(read::toLine).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NUL");
        assertThat(read.withTags(java.util.Map.of("a", "x\r\n;")).toLine()).startsWith("@a=x\\r\\n\\: ");
    }
}
