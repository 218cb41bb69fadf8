package dev.ferry.bridge.stream;

import dev.ferry.bridge.stream.StreamEvent.StanzaReceived;
import dev.ferry.bridge.stream.StreamEvent.StreamClosed;
import dev.ferry.bridge.stream.StreamEvent.StreamError;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * The end of the pipeline: hands accepted stanzas to the link, and turns every way a connection
 * ends (a server stream error or close, refused input, an I/O error, the TCP close) into one
 * {@link LinkFailure} reported once when the channel goes inactive.
 */
final class StanzaDispatchHandler extends ChannelInboundHandlerAdapter {

    private final LinkLifecycle lifecycle;
    private final FailureClassifier failures;

    StanzaDispatchHandler(LinkLifecycle lifecycle, FailureClassifier failures) {
        this.lifecycle = lifecycle;
        this.failures = failures;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == HandshakeAccepted.INSTANCE) {
            lifecycle.accepted(ctx.channel());
        } else {
            super.userEventTriggered(ctx, evt);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof StanzaReceived stanza) {
            lifecycle.stanza(ctx.channel(), stanza.xml());
        } else if (msg instanceof StreamEvent.StanzaTooLarge tooLarge) {
            lifecycle.refused(ctx.channel(), tooLarge.head());
        } else if (msg instanceof StreamError error) {
            LinkAttributes.recordFailure(ctx.channel(), failures.fromStreamError(error));
            closeStream(ctx, StreamMarkup.CLOSE);
        } else if (msg == StreamClosed.INSTANCE) {
            LinkAttributes.recordFailure(ctx.channel(), failures.of(LinkFailure.Kind.CLOSED_BY_PEER, "the server sent </stream:stream>"));
            closeStream(ctx, StreamMarkup.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LinkAttributes.recordFailure(ctx.channel(), failures.fromException(cause));
        if (cause instanceof XmlInputRefusedException refused) {
            closeStream(ctx, StreamMarkup.errorAndClose(refused.condition()));
        } else {
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        LinkFailure failure = ctx.channel().attr(LinkAttributes.FAILURE).get();
        lifecycle.down(ctx.channel(), failure != null ? failure
                : failures.of(LinkFailure.Kind.CLOSED_BY_PEER, "TCP connection closed without a stream close"));
    }

    /** Writes our side's last words (once per connection), then closes the TCP connection. */
    private static void closeStream(ChannelHandlerContext ctx, String lastWords) {
        if (ctx.channel().isActive() && LinkAttributes.markStreamCloseSent(ctx.channel())) {
            ctx.writeAndFlush(lastWords).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
    }
}
