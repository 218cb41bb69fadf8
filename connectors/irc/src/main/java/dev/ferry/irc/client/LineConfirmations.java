package dev.ferry.irc.client;

import dev.ferry.irc.protocol.IrcMessage;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Tells when the IRC server has taken lines we wrote. IRC has no acknowledgement, and a line
 * written to a socket whose server dies a moment later is gone without a word; but a server
 * handles one client's lines in order, so its PONG to a PING written after a line means the line
 * was processed. One confirmation PING is out per connection at a time; lines written meanwhile
 * wait for the next one, so a busy connection costs one PING per round trip, not one per line.
 * When the connection ends first, every line still waiting fails, and its sender is told it may
 * not have arrived (found by killing ngIRCd mid-stream: the lines in flight vanished).
 *
 * <p>Runs on the connection's event loop only: Netty calls write listeners there, and the PONG
 * and the end of the connection arrive there.
 */
final class LineConfirmations {

    static final String TOKEN_PREFIX = "ferry-confirm-";

    /** Written to the socket, waiting for a PING to be sent after them. */
    private List<CompletableFuture<Void>> written = new ArrayList<>();
    /** Written before the PING that is out; its PONG confirms them. */
    private List<CompletableFuture<Void>> awaiting = new ArrayList<>();
    private String outstanding;
    private long sequence;
    private String lostReason;

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
        if (outstanding != null || written.isEmpty()) {
            return;
        }
        outstanding = TOKEN_PREFIX + (++sequence);
        List<CompletableFuture<Void>> batch = written;
        written = new ArrayList<>();
        awaiting = batch;
        // PING jumps the flood-control queue; these lines are already on the socket, so it follows them.
        channel.writeAndFlush(IrcMessage.ping(outstanding));
    }
}
