package dev.ferry.bridge.stream;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/** Builds one component connection's pipeline; read it top to bottom, from the socket up. */
final class ComponentLinkInitializer extends ChannelInitializer<SocketChannel> {

    /**
     * Stanzas are written one {@code writeAndFlush} each, mostly from the gateway's threads; relaying
     * one IRC line to five room occupants is five of them. Flushing each was a system call per stanza
     * on the event loop (its CPU was mostly kernel time, src/bench/irc) and a read per stanza for the
     * server. Flushes that come in while a read is handled, or are queued together, now go out as one
     * write, still within the same turn of the event loop; past this many, one goes out regardless.
     */
    static final int FLUSH_AFTER_FLUSHES = 64;

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
        pipeline.addLast("flush-consolidation", new FlushConsolidationHandler(FLUSH_AFTER_FLUSHES, true));
        pipeline.addLast("quick-ack", QuickAck.INSTANCE);
        pipeline.addLast("idle", new IdleStateHandler(0, settings.keepaliveInterval().toMillis(), 0, TimeUnit.MILLISECONDS));
        pipeline.addLast("keepalive", new WhitespaceKeepalive());
        pipeline.addLast("xml-decoder", new XmlStreamDecoder(settings.maxStanzaBytes()));
        pipeline.addLast("stream-encoder", new StreamEncoder());
        pipeline.addLast("handshake", new ComponentHandshakeHandler(settings, failures));
        pipeline.addLast("stanza-dispatch", new StanzaDispatchHandler(lifecycle, failures));
    }
}
