package dev.ferry.irc.client;

import dev.ferry.irc.protocol.IrcMessage;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.util.concurrent.FastThreadLocal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Received bytes → {@link IrcMessage}: frames a line (CRLF or LF, at most {@code maxLineBytes}),
 * decodes it and parses it, in one handler because a thousand puppets pay per handler.
 * IRC has no charset negotiation: modern servers and clients send UTF-8, older ones their local
 * charset. A line that is valid UTF-8 is read as UTF-8; any other line is read whole with the
 * fallback charset (latin-1 decodes every byte, so nothing is lost). Blank and unparseable lines
 * are logged and skipped, not fatal; an over-long line raises a {@code TooLongFrameException}.
 */
final class IrcMessageDecoder extends LineBasedFrameDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(IrcMessageDecoder.class);
    /** Lines are decoded on event loop threads only: one strict decoder per thread, not per connection. */
    private static final FastThreadLocal<CharsetDecoder> UTF8 = new FastThreadLocal<>() {
        @Override
        protected CharsetDecoder initialValue() {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
        }
    };

    private final Charset fallback;

    IrcMessageDecoder(int maxLineBytes, Charset fallback) {
        super(maxLineBytes, true, false);
        this.fallback = fallback;
    }

    @Override
    protected Object decode(ChannelHandlerContext ctx, ByteBuf buffer) throws Exception {
        ByteBuf frame = (ByteBuf) super.decode(ctx, buffer);
        if (frame == null) {
            return null;
        }
        String line;
        try {
            line = decode(frame, fallback);
        } finally {
            frame.release();
        }
        // null with the frame consumed: ByteToMessageDecoder goes on with the next line.
        if (line.isBlank()) {
            return null;
        }
        try {
            return IrcMessage.parse(line);
        } catch (IllegalArgumentException e) {
            LOG.debug("skipping unparseable IRC line from {}: {}", ctx.channel().remoteAddress(), e.getMessage());
            return null;
        }
    }

    static String decode(ByteBuf frame, Charset fallback) {
        ByteBuffer bytes = frame.nioBuffer();
        try {
            return UTF8.get().reset().decode(bytes.duplicate()).toString();
        } catch (CharacterCodingException notUtf8) {
            return fallback.decode(bytes).toString();
        }
    }
}
