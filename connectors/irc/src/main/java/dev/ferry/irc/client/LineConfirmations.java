package dev.ferry.irc.client;

import dev.ferry.irc.protocol.IrcMessage;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Tells when the IRC server has taken lines we wrote. IRC has no acknowledgement, and a line
 * written to a socket whose server dies a moment later is gone without a word; but a server
 * handles one client's lines in order, so its PONG to a PING written after a line means the line
 * was processed. One confirmation PING is out per connection at a time, and the next one follows
 * no sooner than {@link #LEAST_GAP_MILLIS} after it; lines written meanwhile wait for it. Without
 * the gap a loopback round trip is shorter than the time between lines, so every line took a
 * PING and a PONG: twice the commands an IRC server counts against the user's flood allowance,
 * and in the latency bench ngIRCd's share of the XMPP to IRC tail (100 lines/s per connection).
 * When the connection ends first, every line still waiting fails, and its sender is told it may
 * not have arrived (found by killing ngIRCd mid-stream: the lines in flight vanished).
 *
 * <p>Runs on the connection's event loop only: Netty calls write listeners there, and the PONG
 * and the end of the connection arrive there.
 */
final class LineConfirmations {

    static final String TOKEN_PREFIX = "ferry-confirm-";
    /** The least time between two confirmation PINGs; a confirmation is at most this much later. */
    static final long LEAST_GAP_MILLIS = 50;

    /** Written to the socket, waiting for a PING to be sent after them. */
    private List<CompletableFuture<Void>> written = new ArrayList<>();
    /** Written before the PING that is out; its PONG confirms them. */
    private List<CompletableFuture<Void>> awaiting = new ArrayList<>();
    private String outstanding;
    private long sequence;
    private String lostReason;
    /** When the last PING went out (the event loop's ticker), and whether a later one is already scheduled. */
    private long lastPingNanos;
    private boolean pingScheduled;

    /** Confirmation of the line whose write is {@code write}, and of every line written before it. */
    CompletableFuture<Void> after(ChannelFuture write) {
        CompletableFuture<Void> confirmed = new CompletableFuture<>();
        write.addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                confirmed.completeExceptionally(new LineNotConfirmedException(
                        f.cause() == null || f.cause().getMessage() == null ? "the line could not be written" : f.cause().getMessage()));
            } else if (lostReason != null) {
                confirmed.completeExceptionally(new LineNotConfirmedException(lostReason));
            } else {
                written.add(confirmed);
                pingIfIdle(f.channel());
            }
        });
        return confirmed;
    }

    /** A PONG arrived; {@code token} is its last parameter. True if it was one of ours. */
    boolean pong(Channel channel, String token) {
        if (outstanding == null || !outstanding.equals(token)) {
            return token != null && token.startsWith(TOKEN_PREFIX);
        }
        List<CompletableFuture<Void>> done = awaiting;
        awaiting = new ArrayList<>();
        outstanding = null;
        done.forEach(c -> c.complete(null));
        pingIfIdle(channel);
        return true;
    }

    /** The connection ended: whatever was not confirmed fails with {@code reason}. */
    void lost(String reason) {
        lostReason = reason;
        List<CompletableFuture<Void>> failed = new ArrayList<>(awaiting);
        failed.addAll(written);
        awaiting = new ArrayList<>();
        written = new ArrayList<>();
        outstanding = null;
        failed.forEach(c -> c.completeExceptionally(new LineNotConfirmedException(reason)));
    }

    /** Lines written and not confirmed yet. */
    int unconfirmed() {
        return awaiting.size() + written.size();
    }

    private void pingIfIdle(Channel channel) {
        if (outstanding != null || written.isEmpty() || pingScheduled) {
            return;
        }
        long now = channel.eventLoop().ticker().nanoTime();
        long wait = sequence == 0 ? 0 : lastPingNanos + TimeUnit.MILLISECONDS.toNanos(LEAST_GAP_MILLIS) - now;
        if (wait > 0) {
            pingScheduled = true;
            try {
                channel.eventLoop().schedule(() -> {
                    pingScheduled = false;
                    pingIfIdle(channel);
                }, wait, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                pingScheduled = false; // Ferry is stopping: the connection's end fails these lines (lost)
            }
            return;
        }
        lastPingNanos = now;
        outstanding = TOKEN_PREFIX + (++sequence);
        List<CompletableFuture<Void>> batch = written;
        written = new ArrayList<>();
        awaiting = batch;
        // PING jumps the flood-control queue; these lines are already on the socket, so it follows them.
        channel.writeAndFlush(IrcMessage.ping(outstanding));
    }
}
