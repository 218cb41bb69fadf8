package dev.ferry.irc.client;

import dev.ferry.irc.protocol.IrcMessage;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands received messages and the end of the connection to the {@link IrcConnectionListener}, after
 * the {@link Keepalive} has seen them (it answers PING and watches for silence).
 */
final class DispatchHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(DispatchHandler.class);

    private final IrcConnection connection;
    private final IrcConnectionListener listener;
    private final Keepalive keepalive;

    DispatchHandler(IrcConnection connection, IrcConnectionListener listener, Keepalive keepalive) {
        this.connection = connection;
        this.listener = listener;
        this.keepalive = keepalive;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        keepalive.start(ctx);
        super.channelActive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        keepalive.stop();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            keepalive.read(ctx, msg);
            if (msg instanceof IrcMessage m && "PONG".equals(m.command()) && !m.params().isEmpty()
                    && connection.pong(ctx.channel(), m.params().get(m.params().size() - 1))) {
                return; // our confirmation PING's answer: nothing for the listener
            }
            if (msg instanceof IrcMessage m) {
                listener.onMessage(connection, m);
            }
        } catch (RuntimeException e) {
            // A listener bug must not take the IRC connection down with it.
            LOG.warn("IRC listener failed on {}", msg, e);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        keepalive.stop();
        String reason = ctx.channel().attr(IrcChannelState.DISCONNECT_REASON).get();
        connection.disconnected(reason != null ? reason : "connection closed by the server");
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            LOG.debug("skipping an over-long IRC line from {}: {}", ctx.channel().remoteAddress(), cause.getMessage());
            return;
        }
        IrcChannelState.disconnectReason(ctx.channel(), "connection error: " + describe(cause));
        ctx.close();
    }

    private static String describe(Throwable cause) {
        Throwable root = cause;
        boolean certificate = false;
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            certificate |= t instanceof java.security.cert.CertificateException;
            root = t;
        }
        String message = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
        // The one a user can fix themselves, so say how.
        return certificate ? "the server's TLS certificate is not trusted (" + message + "); irc.trust-store names "
                + "a CA file to trust, or the server's registration can turn verify-certificate off" : message;
    }
}
