package dev.ferry.irc.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IrcTextSplitterTest {

    static final String NICK = "alice_long_nick";
    static final String USER = "alice";
    static final String TARGET = "#ferry";
    static final IrcTextSplitter SPLITTER =
            IrcTextSplitter.forLine(IrcTextSplitter.prefixReserve(NICK, USER), "PRIVMSG", TARGET, 0);

    @Test
    void injectionBecomesSeparateMessagesNeverACommand() {
        assertThat(SPLITTER.split("hi\r\nQUIT :x")).containsExactly("hi", "QUIT :x");
        assertThat(SPLITTER.split("\nJOIN #other")).containsExactly("JOIN #other");
        assertThat(SPLITTER.split("a\rb\n\n\r\nc")).containsExactly("a", "b", "c");
        assertThat(SPLITTER.split("nul\0here")).containsExactly("nulhere");
        assertThat(SPLITTER.split("\u0001ACTION fake\u0001 bell\u0007")).containsExactly("ACTION fake bell");
        for (String chunk : SPLITTER.split("hi\r\nQUIT :x\nJOIN #other\0\r")) {
            String wire = IrcMessage.privmsg(TARGET, chunk).toLine();
            assertThat(IrcMessage.parse(wire).command()).isEqualTo("PRIVMSG");
            assertThat(wire).doesNotContain("\r", "\n", "\0");
        }
    }

    @Test
    void formattingCodesSurvive() {
        String text = "\u0002b\u0002 \u00034,1c\u0003 \u001di\u001d \u001fu\u001f \u001es\u001e \u0011m\u0011 \u0016r\u0016 \u000f";
        assertThat(SPLITTER.split(text)).containsExactly(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "é", "€", "😀", "👩‍👩‍👧", " "})
    void tenKilobytesSplitOnCodePointsWithinTheWireLimit(String unit) {
        String text = "x" + unit.repeat(10_240 / unit.getBytes(StandardCharsets.UTF_8).length) + "end";
        List<String> chunks = SPLITTER.split(text);
        assertThat(String.join("", chunks)).isEqualTo(text.strip().isEmpty() ? text : text);
        assertThat(chunks.size()).isGreaterThan(20);
        for (String chunk : chunks) {
            assertValidUtf8(chunk);
            String wire = ":" + NICK + "!~" + USER + "@" + "h".repeat(63) + " " + IrcMessage.privmsg(TARGET, chunk).toLine() + "\r\n";
            assertThat(wire.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(512);
        }
    }

    @Test
    void emojiAcrossTheSplitBoundaryIsNotCut() {
        int budget = SPLITTER.maxChunkBytes();
        for (int pad = budget - 6; pad <= budget; pad++) {
            String text = "a".repeat(pad) + "😀😀" + "b";
            List<String> chunks = SPLITTER.split(text);
            assertThat(String.join("", chunks)).isEqualTo(text);
            chunks.forEach(IrcTextSplitterTest::assertValidUtf8);
            chunks.forEach(c -> assertThat(c.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(budget));
        }
    }

    @Test
    void prefersASpaceInTheLastThirtyPercent() {
        IrcTextSplitter s = new IrcTextSplitter(20);
        assertThat(s.split("aaaaaaaaaaaaaaa bbbbbbbbbb")).containsExactly("aaaaaaaaaaaaaaa", " bbbbbbbbbb");
        // a space too early is ignored: cut at the byte limit
        assertThat(s.split("aa bbbbbbbbbbbbbbbbbbbbbbbb")).containsExactly("aa bbbbbbbbbbbbbbbbb", "bbbbbbb");
    }

    @Test
    void loneSurrogatesBecomeReplacementCharacters() {
        assertThat(SPLITTER.split("a\uD83Db\uDE00")).containsExactly("a\uFFFDb\uFFFD");
    }

    @Test
    void refusesABudgetTooSmallForText() {
        assertThatThrownBy(() -> IrcTextSplitter.forLine(100, "PRIVMSG", "#".repeat(400), 0))
                .hasMessageContaining("too long for a 512-byte IRC line");
    }

    static void assertValidUtf8(String chunk) {
        byte[] bytes = chunk.getBytes(StandardCharsets.UTF_8);
        try {
            String back = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            assertThat(back).isEqualTo(chunk);
        } catch (CharacterCodingException e) {
            throw new AssertionError("invalid UTF-8 chunk: " + chunk, e);
        }
        assertThat(chunk).doesNotContain("\uFFFD");
    }
}
