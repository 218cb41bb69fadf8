package dev.ferry.irc.client;

import dev.ferry.irc.protocol.IrcMessage;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;

import java.time.Duration;

/**
 * Keeps the link alive and notices when it is dead: answers the server's PING at once, and when
 * the {@code idle} handler reports nothing read for a ping interval, sends our own PING; a second
 * silent interval closes the connection ("ping timeout"). Anything received counts as alive.
 */
final class PingHandler extends ChannelInboundHandlerAdapter {

    private final Duration interval;
    private boolean awaitingReply;
    private long sequence;

    PingHandler(Duration interval) {
        this.interval = interval;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        awaitingReply = false;
        if (msg instanceof IrcMessage m && "PING".equals(m.command())) {
            ctx.writeAndFlush(IrcMessage.pong(m.param(0).orElse("")));
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            if (awaitingReply) {
                IrcChannelState.disconnectReason(ctx.channel(),
                        "ping timeout: no reply from the server for " + interval.multipliedBy(2).toSeconds() + " s");
                ctx.close();
            } else {
                awaitingReply = true;
                ctx.writeAndFlush(IrcMessage.ping("ferry-" + (++sequence)));
            }
            return;
        }
        super.userEventTriggered(ctx, evt);
    }
}
