package dev.ferry.irc.client;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One framed line of bytes → String. IRC has no charset negotiation: modern servers and clients
 * send UTF-8, older ones their local charset. A line that is valid UTF-8 is read as UTF-8; any other
 * line is read whole with the fallback charset (latin-1 decodes every byte, so nothing is lost).
 */
final class IrcLineDecoder extends MessageToMessageDecoder<ByteBuf> {

    private final Charset fallback;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    IrcLineDecoder(Charset fallback) {
        super(ByteBuf.class);
        this.fallback = fallback;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
        out.add(decode(frame));
    }

    String decode(ByteBuf frame) {
        ByteBuffer bytes = frame.nioBuffer();
        try {
            return utf8.reset().decode(bytes.duplicate()).toString();
        } catch (CharacterCodingException notUtf8) {
            return fallback.decode(bytes).toString();
        }
    }
}
