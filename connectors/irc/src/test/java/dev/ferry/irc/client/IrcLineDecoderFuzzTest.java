package dev.ferry.irc.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.irc.protocol.IrcMessage;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Received line bytes (valid UTF-8, latin-1, cp1251, broken sequences) → text: never throws, valid
 * UTF-8 is read as UTF-8 and anything else whole with the fallback charset, so no byte is lost.
 * The seed is fixed so CI runs the same inputs every time.
 */
class IrcLineDecoderFuzzTest {

    @Provide
    Arbitrary<byte[]> lines() {
        Arbitrary<byte[]> text = Arbitraries.strings().all().ofMaxLength(100).flatMap(s -> Arbitraries.of(
                s.getBytes(StandardCharsets.UTF_8), s.getBytes(StandardCharsets.ISO_8859_1), s.getBytes(Charset.forName("windows-1251"))));
        Arbitrary<byte[]> broken = Arbitraries.bytes().array(byte[].class).ofMaxSize(100);
        return Arbitraries.oneOf(text, broken, Arbitraries.of(new byte[] {(byte) 0xE2, (byte) 0x82}, new byte[] {(byte) 0xC0, (byte) 0x80},
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, ":a PRIVMSG #c :caf\u00e9".getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Property(tries = 2000, seed = "7107")
    void everyLineDecodesAndLosesNoByte(@ForAll("lines") byte[] line, @ForAll boolean cp1251) {
        Charset fallback = cp1251 ? Charset.forName("windows-1251") : StandardCharsets.ISO_8859_1;
        String text = new IrcLineDecoder(fallback).decode(Unpooled.wrappedBuffer(line));

        if (isUtf8(line)) {
            assertThat(text).isEqualTo(new String(line, StandardCharsets.UTF_8));
        } else {
            assertThat(text).isEqualTo(new String(line, fallback));
            if (!cp1251) {
                assertThat(text.getBytes(StandardCharsets.ISO_8859_1)).isEqualTo(line);
            }
        }
        try {
            assertThat(IrcMessage.parse(text)).isNotNull();
        } catch (IllegalArgumentException unparseable) {
            // the message decoder logs and skips such a line
        }
    }

    static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
