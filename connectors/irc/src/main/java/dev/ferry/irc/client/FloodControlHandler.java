package dev.ferry.irc.client;

import dev.ferry.irc.protocol.IrcMessage;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.TimeUnit;

/**
 * Paces outgoing messages with a {@link TokenBucket} so the server does not disconnect us for
 * flooding. Messages wait in a FIFO queue (order is kept); the queue is drained by a task scheduled
 * on the event loop for when the next token is due — nothing blocks. PING, PONG and QUIT jump the
 * queue: a late answer to the server's PING would cost us the connection.
 */
final class FloodControlHandler extends ChannelDuplexHandler {

    private record Pending(IrcMessage message, ChannelPromise promise) {
    }

    private final TokenBucket bucket;
    /** Made when a line first has to wait: most puppets never send faster than the bucket refills. */
    private Queue<Pending> queue;
    private boolean drainScheduled;

    /** {@code linesPerSecond <= 0} turns pacing off. */
    FloodControlHandler(int burst, double linesPerSecond) {
        this.bucket = linesPerSecond > 0 ? new TokenBucket(burst, linesPerSecond, System.nanoTime()) : null;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (bucket == null || !(msg instanceof IrcMessage message) || jumpsQueue(message)) {
            ctx.write(msg, promise);
            return;
        }
        if ((queue == null || queue.isEmpty()) && bucket.tryTake(System.nanoTime())) {
            ctx.write(msg, promise);
            return;
        }
        if (queue == null) {
            queue = new ArrayDeque<>(4);
        }
        queue.add(new Pending(message, promise));
        scheduleDrain(ctx);
    }

    /** Keep-alive traffic and our QUIT go out at once: late, they would cost the connection or delay a close. */
    private static boolean jumpsQueue(IrcMessage message) {
        String c = message.command();
        return "PONG".equals(c) || "PING".equals(c) || "QUIT".equals(c);
    }

    /** Lines waiting for a token. */
    int queued() {
        return queue == null ? 0 : queue.size();
    }

    private void scheduleDrain(ChannelHandlerContext ctx) {
        if (drainScheduled || queue == null || queue.isEmpty()) {
            return;
        }
        drainScheduled = true;
        long delay = Math.max(1, bucket.nanosUntilToken(System.nanoTime()));
        ctx.executor().schedule(() -> drain(ctx), delay, TimeUnit.NANOSECONDS);
    }

    private void drain(ChannelHandlerContext ctx) {
        drainScheduled = false;
        boolean wrote = false;
        while (queue != null && !queue.isEmpty() && bucket.tryTake(System.nanoTime())) {
            Pending p = queue.poll();
            ctx.write(p.message(), p.promise());
            wrote = true;
        }
        if (wrote) {
            ctx.flush();
        }
        scheduleDrain(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        failQueued("connection removed");
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        failQueued("connection closed before the line could be sent");
        super.channelInactive(ctx);
    }

    private void failQueued(String why) {
        Pending p;
        while (queue != null && (p = queue.poll()) != null) {
            p.promise().tryFailure(new java.nio.channels.ClosedChannelException() {
                @Override
                public String getMessage() {
                    return why;
                }
            });
        }
    }
}
