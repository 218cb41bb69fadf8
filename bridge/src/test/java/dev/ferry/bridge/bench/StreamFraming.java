package dev.ferry.bridge.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * The link's real {@code XmlStreamDecoder} in an {@link EmbeddedChannel}, fed stream bytes, with a
 * sink after it that takes each decoded event. The decoder is package-private in {@code stream}
 * (and this package may not add files there), so it is built reflectively — once, outside measurement.
 */
final class StreamFraming implements AutoCloseable {

    /** The link's default limit; the benchmark stanzas are far below it. */
    private static final int MAX_STANZA_BYTES = 1 << 20;

    private final EmbeddedChannel channel;

    StreamFraming(Consumer<Object> sink) {
        ChannelHandler decoder = newDecoder();
        channel = new EmbeddedChannel(decoder, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                sink.accept(msg); // events are plain records: nothing to release
            }
        });
        feed(BenchStanzas.STREAM_HEADER.getBytes(StandardCharsets.UTF_8));
    }

    /** Feeds one network read's worth of bytes; the decoder releases the buffer. */
    void feed(byte[] bytes) {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        channel.writeInbound(buf);
        channel.checkException(); // a refused stream would otherwise silently decode nothing
    }

    @Override
    public void close() {
        channel.finishAndReleaseAll();
    }

    private static ChannelHandler newDecoder() {
        try {
            Class<?> type = Class.forName("dev.ferry.bridge.stream.XmlStreamDecoder");
            Constructor<?> c = type.getDeclaredConstructor(int.class);
            c.setAccessible(true);
            return (ChannelHandler) c.newInstance(MAX_STANZA_BYTES);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build XmlStreamDecoder", e);
        }
    }
}
