package dev.ferry.irc.client;

import dev.ferry.irc.protocol.IrcMessage;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandler;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.codec.LineBasedFrameDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.SocketAddress;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Bytes ↔ {@link IrcMessage}, in one handler because a thousand puppets pay per handler.
 * In: frames a line (CRLF or LF, at most {@code maxLineBytes}), decodes it ({@link IrcLineDecoder},
 * shared) and parses it; blank and unparseable lines are logged and skipped, not fatal; an
 * over-long line raises a {@code TooLongFrameException}.
 * Out: {@link IrcMessage#toLine()} as UTF-8 + CRLF; {@code toLine()} refuses CR/LF/NUL, so an
 * unsafe message fails its write instead of reaching the wire.
 */
final class IrcCodec extends LineBasedFrameDecoder implements ChannelOutboundHandler {

    private static final Logger LOG = LoggerFactory.getLogger(IrcCodec.class);

    private final IrcLineDecoder lines;

    IrcCodec(int maxLineBytes, Charset fallback) {
        super(maxLineBytes, true, false);
        this.lines = IrcLineDecoder.forFallback(fallback);
    }

    @Override
    protected Object decode(ChannelHandlerContext ctx, ByteBuf buffer) throws Exception {
        ByteBuf frame = (ByteBuf) super.decode(ctx, buffer);
        if (frame == null) {
            return null;
        }
        String line;
        try {
            line = lines.decode(frame);
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

    // ---- outbound: what Netty's MessageToByteEncoder did, without a handler of its own ----------

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof IrcMessage message)) {
            ctx.write(msg, promise);
            return;
        }
        String line;
        try {
            line = message.toLine();
        } catch (RuntimeException e) {
            promise.setFailure(new EncoderException(e));
            return;
        }
        ByteBuf out = ctx.alloc().ioBuffer(line.length() + 2);
        out.writeCharSequence(line, StandardCharsets.UTF_8);
        out.writeByte('\r').writeByte('\n');
        ctx.write(out, promise);
    }

    @Override
    public void bind(ChannelHandlerContext ctx, SocketAddress localAddress, ChannelPromise promise) {
        ctx.bind(localAddress, promise);
    }

    @Override
    public void connect(ChannelHandlerContext ctx, SocketAddress remoteAddress, SocketAddress localAddress,
                        ChannelPromise promise) {
        ctx.connect(remoteAddress, localAddress, promise);
    }

    @Override
    public void disconnect(ChannelHandlerContext ctx, ChannelPromise promise) {
        ctx.disconnect(promise);
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        ctx.close(promise);
    }

    @Override
    public void deregister(ChannelHandlerContext ctx, ChannelPromise promise) {
        ctx.deregister(promise);
    }

    @Override
    public void read(ChannelHandlerContext ctx) {
        ctx.read();
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        ctx.flush();
    }
}
