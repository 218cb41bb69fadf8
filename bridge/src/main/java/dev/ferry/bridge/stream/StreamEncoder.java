package dev.ferry.bridge.stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** Writes outgoing stream text (headers, stanzas, closes) as UTF-8 bytes. */
final class StreamEncoder extends MessageToByteEncoder<CharSequence> {

    StreamEncoder() {
        super(CharSequence.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, CharSequence text, ByteBuf out) {
        ByteBufUtil.writeUtf8(out, text);
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, CharSequence text, boolean preferDirect) {
        int size = ByteBufUtil.utf8MaxBytes(text);
        return preferDirect ? ctx.alloc().ioBuffer(size) : ctx.alloc().heapBuffer(size);
    }
}
