package dev.ferry.bridge.stream;

import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * Writes a single space when the writer has been idle: whitespace between stanzas is legal, keeps
 * NAT entries alive and lets a dead TCP connection surface as a write error.
 *
 * <p>It sits next to the socket, below the {@link StreamEncoder}, so it writes bytes itself.
 */
final class WhitespaceKeepalive extends ChannelInboundHandlerAdapter {

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent idle && idle.state() == IdleState.WRITER_IDLE) {
            ctx.writeAndFlush(ctx.alloc().buffer(1).writeByte(' '))
                    .addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
            return;
        }
        super.userEventTriggered(ctx, evt);
    }
}
