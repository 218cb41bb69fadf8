package dev.ferry.irc.client;

import dev.ferry.irc.protocol.IrcMessage;
import io.netty.channel.ChannelHandlerContext;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the link alive and notices when it is dead: answers the server's PING at once, and when
 * nothing was read for a ping interval, sends our own PING; a second silent interval closes the
 * connection ("ping timeout"). Anything received counts as alive. One timer task per connection,
 * rescheduled for the interval after the last read (what Netty's IdleStateHandler does, without
 * its handler, task and bookkeeping per connection). Not a handler of its own: the
 * {@link DispatchHandler} at the end of the pipeline drives it, which saves every puppet a context.
 */
final class Keepalive implements Runnable {

    private final Duration interval;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> timer;
    private long lastRead;
    private boolean awaitingReply;
    private long sequence;

    Keepalive(Duration interval) {
        this.interval = interval;
    }

    /** The connection is up: the timer starts. */
    void start(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        lastRead = System.nanoTime();
        schedule(interval.toNanos());
    }

    /** Anything read counts as alive; the server's PING is answered at once. */
    void read(ChannelHandlerContext ctx, Object msg) {
        awaitingReply = false;
        lastRead = System.nanoTime();
        if (msg instanceof IrcMessage m && "PING".equals(m.command())) {
            ctx.writeAndFlush(IrcMessage.pong(m.param(0).orElse("")));
        }
    }

    /** The connection is gone: no more timer. */
    void stop() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    /** The timer: a full interval without reads is silence; otherwise wait for the rest of it. */
    @Override
    public void run() {
        if (!ctx.channel().isOpen()) {
            return;
        }
        long left = interval.toNanos() - (System.nanoTime() - lastRead);
        if (left > 0) {
            schedule(left);
            return;
        }
        schedule(interval.toNanos());
        silent();
    }

    private void silent() {
        if (awaitingReply) {
            IrcChannelState.disconnectReason(ctx.channel(),
                    "ping timeout: no reply from the server for " + interval.multipliedBy(2).toSeconds() + " s");
            ctx.close();
        } else {
            awaitingReply = true;
            ctx.writeAndFlush(IrcMessage.ping("ferry-" + (++sequence)));
        }
    }

    private void schedule(long nanos) {
        timer = ctx.executor().schedule(this, nanos, TimeUnit.NANOSECONDS);
    }
}
