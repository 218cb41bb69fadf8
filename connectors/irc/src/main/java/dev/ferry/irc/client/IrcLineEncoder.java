package dev.ferry.irc.client;

import dev.ferry.irc.protocol.IrcMessage;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

import java.nio.charset.StandardCharsets;

/**
 * {@link IrcMessage} → UTF-8 bytes + CRLF. {@link IrcMessage#toLine()} refuses CR/LF/NUL, so an
 * unsafe message fails its write instead of reaching the wire.
 */
@ChannelHandler.Sharable
final class IrcLineEncoder extends MessageToByteEncoder<IrcMessage> {

    static final IrcLineEncoder INSTANCE = new IrcLineEncoder();

    private IrcLineEncoder() {
        super(IrcMessage.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, IrcMessage message, ByteBuf out) {
        out.writeCharSequence(message.toLine(), StandardCharsets.UTF_8);
        out.writeByte('\r').writeByte('\n');
    }
}
