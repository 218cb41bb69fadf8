package dev.ferry.bridge.stream;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** An {@link XmlStreamDecoder} on an embedded channel, recording the events and the refusal it produces. */
final class DecoderHarness {

    static final String SERVER_HEADER = "<?xml version='1.0'?><stream:stream xmlns:stream='http://etherx.jabber.org/streams'"
            + " xmlns='jabber:component:accept' id='3BF96D32' from='irc.localhost'>";

    final List<StreamEvent> events = new ArrayList<>();
    final List<Throwable> refusals = new ArrayList<>();
    final EmbeddedChannel channel;

    DecoderHarness(int maxStanzaBytes) {
        channel = new EmbeddedChannel(new XmlStreamDecoder(maxStanzaBytes), new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                events.add((StreamEvent) msg);
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                refusals.add(cause);
            }
        });
    }

    DecoderHarness() {
        this(ComponentLinkSettings.DEFAULT_MAX_STANZA_BYTES);
    }

    DecoderHarness feed(String text) {
        return feed(text.getBytes(StandardCharsets.UTF_8));
    }

    DecoderHarness feed(byte[] bytes) {
        channel.writeInbound(Unpooled.wrappedBuffer(bytes));
        return this;
    }

    DecoderHarness feedOneByteAtATime(String text) {
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            feed(new byte[] {b});
        }
        return this;
    }

    List<String> stanzas() {
        return events.stream().filter(StreamEvent.StanzaReceived.class::isInstance)
                .map(e -> ((StreamEvent.StanzaReceived) e).xml()).toList();
    }

    /** The stream error condition the decoder asked to send, or null. */
    String refusedWith() {
        return refusals.isEmpty() ? null : ((XmlInputRefusedException) refusals.get(0)).condition();
    }
}
