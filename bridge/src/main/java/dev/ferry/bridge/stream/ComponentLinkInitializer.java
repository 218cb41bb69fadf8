package dev.ferry.bridge.stream;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/** Builds one component connection's pipeline; read it top to bottom, from the socket up. */
final class ComponentLinkInitializer extends ChannelInitializer<SocketChannel> {

    private final ComponentLinkSettings settings;
    private final LinkLifecycle lifecycle;
    private final FailureClassifier failures;

    ComponentLinkInitializer(ComponentLinkSettings settings, LinkLifecycle lifecycle, FailureClassifier failures) {
        this.settings = settings;
        this.lifecycle = lifecycle;
        this.failures = failures;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.addLast("quick-ack", QuickAck.INSTANCE);
        pipeline.addLast("idle", new IdleStateHandler(0, settings.keepaliveInterval().toMillis(), 0, TimeUnit.MILLISECONDS));
        pipeline.addLast("keepalive", new WhitespaceKeepalive());
        pipeline.addLast("xml-decoder", new XmlStreamDecoder(settings.maxStanzaBytes()));
        pipeline.addLast("stream-encoder", new StreamEncoder());
        pipeline.addLast("handshake", new ComponentHandshakeHandler(settings, failures));
        pipeline.addLast("stanza-dispatch", new StanzaDispatchHandler(lifecycle, failures));
    }
}
