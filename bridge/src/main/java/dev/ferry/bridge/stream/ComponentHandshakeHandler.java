package dev.ferry.bridge.stream;

import dev.ferry.bridge.stream.StreamEvent.StanzaReceived;
import dev.ferry.bridge.stream.StreamEvent.StreamOpened;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The XEP-0114 opening: sends our stream header when connected, answers the server's header with
 * {@code <handshake>sha1(id + secret)</handshake>}, and fires {@link HandshakeAccepted} on the
 * server's empty {@code <handshake/>}. Gives up with {@code CONNECT_TIMEOUT} if the server does not
 * accept in time. Stanzas before acceptance are dropped: the server must not send any.
 */
final class ComponentHandshakeHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ComponentHandshakeHandler.class);

    private final ComponentLinkSettings settings;
    private final FailureClassifier failures;
    private ScheduledFuture<?> deadline;

    ComponentHandshakeHandler(ComponentLinkSettings settings, FailureClassifier failures) {
        this.settings = settings;
        this.failures = failures;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        ctx.writeAndFlush(StreamMarkup.open(settings.domain())).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
        deadline = ctx.executor().schedule(() -> {
            LinkAttributes.recordFailure(ctx.channel(), failures.of(LinkFailure.Kind.CONNECT_TIMEOUT,
                    "connected, but the server did not accept the handshake within " + settings.connectTimeout().toMillis() + " ms"));
            ctx.close();
        }, settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancelDeadline();
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (LinkAttributes.handshaken(ctx.channel())) {
            ctx.fireChannelRead(msg);
        } else if (msg instanceof StreamOpened opened) {
            // The digest is computed here and written straight out; it is never logged.
            ctx.writeAndFlush(ComponentHandshake.element(opened.id(), settings.secret()))
                    .addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
        } else if (msg instanceof StanzaReceived stanza) {
            if (StreamMarkup.COMPONENT_NS.equals(stanza.namespace()) && "handshake".equals(stanza.localName())) {
                cancelDeadline();
                ctx.channel().attr(LinkAttributes.HANDSHAKEN).set(Boolean.TRUE);
                ctx.fireUserEventTriggered(HandshakeAccepted.INSTANCE);
            } else {
                LOG.debug("component {}: dropped <{}> received before the handshake was accepted",
                        settings.domain(), stanza.localName());
            }
        } else {
            ctx.fireChannelRead(msg); // stream errors and closes
        }
    }

    private void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }
}
