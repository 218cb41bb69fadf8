package dev.ferry.irc.client;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One framed line of bytes → String. IRC has no charset negotiation: modern servers and clients
 * send UTF-8, older ones their local charset. A line that is valid UTF-8 is read as UTF-8; any other
 * line is read whole with the fallback charset (latin-1 decodes every byte, so nothing is lost).
 * Immutable, so connections with the same fallback share one ({@link #forFallback}).
 */
final class IrcLineDecoder {

    /** Lines are decoded on event loop threads: one strict decoder per thread, not per connection. */
    private static final FastThreadLocal<CharsetDecoder> UTF8 = new FastThreadLocal<>() {
        @Override
        protected CharsetDecoder initialValue() {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
        }
    };
    private static final Map<Charset, IrcLineDecoder> SHARED = new ConcurrentHashMap<>();

    private final Charset fallback;

    IrcLineDecoder(Charset fallback) {
        this.fallback = fallback;
    }

    /** The shared decoder for {@code fallback}. */
    static IrcLineDecoder forFallback(Charset fallback) {
        return SHARED.computeIfAbsent(fallback, IrcLineDecoder::new);
    }

    String decode(ByteBuf frame) {
        ByteBuffer bytes = frame.nioBuffer();
        try {
            return UTF8.get().reset().decode(bytes.duplicate()).toString();
        } catch (CharacterCodingException notUtf8) {
            return fallback.decode(bytes).toString();
        }
    }
}
