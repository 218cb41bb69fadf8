package dev.ferry.irc.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzes the IRC protocol parsers with mutations of the real server lines captured from ngIRCd
 * and InspIRCd ({@code src/test/resources/captures/}) and with arbitrary text. Seeds are fixed
 * so CI runs the same inputs every time.
 */
class IrcProtocolFuzzTest {

    private static final String SEED = "7103";
    private static final List<String> CORPUS = corpus();

    static List<String> corpus() {
        Path captures = Path.of("src/test/resources/captures");
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.walk(captures)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".txt")).sorted().toList()) {
                lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(lines).as("IRC capture corpus").hasSizeGreaterThan(20);
        return List.copyOf(lines);
    }

    /** Real lines, cut, spliced and sprinkled with the characters that matter to IRC. */
    @Provide
    Arbitrary<String> mutatedLines() {
        Arbitrary<String> real = Arbitraries.of(CORPUS);
        Arbitrary<String> noise = Arbitraries.oneOf(
                Arbitraries.of("@", ":", " ", "  ", "!", "@a=b\\", ";", "=", "\\", "\\s", "\r", "\n", "\r\n", "\0", "\u0001",
                        "\u0002", "\u0003", "\u00034,12", "\u000399", "\u0004FF00FF", "\u000f", "\u001d", "\u001f", "\u00e9",
                        "\uD83D\uDE00", "\uD83D", "\uDE00", "*", "_", "`", "~", "```", "> "),
                Arbitraries.strings().all().ofMaxLength(4));
        return Arbitraries.oneOf(
                real,
                real.flatMap(line -> Arbitraries.integers().between(0, line.length())
                        .flatMap(cut -> noise.map(n -> line.substring(0, cut) + n + line.substring(cut)))),
                real.flatMap(line -> Arbitraries.integers().between(0, line.length()).map(cut -> line.substring(cut))),
                noise.list().ofMaxSize(12).map(parts -> String.join("", parts)),
                Arbitraries.strings().all().ofMaxLength(600));
    }

    @Property(tries = 3000, seed = SEED)
    void parseRefusesOnlyWithIllegalArgumentAndWhatItWritesReadsBack(@ForAll("mutatedLines") String line) {
        IrcMessage message;
        try {
            message = IrcMessage.parse(line);
        } catch (IllegalArgumentException refused) {
            return;
        }
        String wire;
        try {
            wire = message.toLine();
        } catch (IllegalArgumentException refused) {
            return; // toLine is strict about what parse reads leniently (CR, NUL, ...)
        }
        assertThat(wire).doesNotContain("\r", "\n", "\0");
        assertThat(IrcMessage.parse(wire)).isEqualTo(message);
    }

    @Property(tries = 2000, seed = SEED)
    void splitterPiecesFitTheLineRejoinAndCarryNoLineBreaks(@ForAll("mutatedLines") String text,
            @ForAll("nicks") String nick, @ForAll("nicks") String target) {
        IrcTextSplitter splitter = IrcTextSplitter.forLine(IrcTextSplitter.prefixReserve(nick, nick), "PRIVMSG", target, 0);
        List<String> chunks = splitter.split(text);
        String host = "h".repeat(IrcTextSplitter.DEFAULT_HOST_BYTES);
        for (String chunk : chunks) {
            assertThat(chunk).isNotEmpty().doesNotContain("\r", "\n", "\0");
            String relayed = ":" + nick + "!~" + nick + "@" + host + " PRIVMSG " + target + " :" + chunk + "\r\n";
            assertThat(IrcTextSplitter.utf8Length(relayed)).isLessThanOrEqualTo(IrcTextSplitter.MAX_LINE_BYTES);
            assertThat(IrcMessage.privmsg(target, chunk).toLine()).isNotNull();
        }
        assertThat(String.join("", chunks)).isEqualTo(String.join("", IrcTextSplitter.lines(text)));
        assertThat(String.join("", chunks)).isEqualTo(String.join("", IrcTextSplitter.lines(String.join("\n", chunks))));
    }

    @Provide
    Arbitrary<String> nicks() {
        return Arbitraries.strings().withCharRange('a', 'z').withChars('#', '[', ']', '\u00e9').ofMinLength(1).ofMaxLength(64)
                .filter(n -> IrcTextSplitter.utf8Length(n) <= 64);
    }

    @Property(tries = 3000, seed = SEED)
    void formattingNeverThrowsEitherWay(@ForAll("mutatedLines") String text) {
        String styled = IrcFormatting.toStyling(text);
        assertThat(styled).isNotNull();
        String irc = IrcFormatting.fromStyling(text);
        assertThat(irc).isNotNull();
        assertThat(IrcFormatting.fromStyling(styled)).isNotNull();
        assertThat(IrcFormatting.toStyling(irc)).isNotNull();
    }

    @Property(tries = 2000, seed = SEED)
    void ctcpParsesOrDeclinesAndEncodesBack(@ForAll("mutatedLines") String text) {
        String framed = Ctcp.DELIMITER + text + Ctcp.DELIMITER;
        for (String input : new String[] {text, framed}) {
            Ctcp.parse(input).ifPresent(ctcp -> {
                try {
                    assertThat(Ctcp.parse(ctcp.encode())).contains(ctcp);
                } catch (IllegalArgumentException refusedToWrite) {
                    // encode() never writes CR/LF/NUL; refusing is the safe answer
                }
            });
        }
    }
}
