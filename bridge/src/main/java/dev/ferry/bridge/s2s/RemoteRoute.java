package dev.ferry.bridge.s2s;

import dev.ferry.bridge.stream.StanzaLink;
import dev.ferry.bridge.xmpp.OutboxSender;
import dev.ferry.mappings.store.OutboxEntry;
import dev.ferry.mappings.store.OutboxRepository;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jivesoftware.smack.packet.StanzaError.Condition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stanzas from one local domain to one remote domain. One authenticated outgoing stream carries
 * them all (reused until idle); while there is none, they wait in the persistent outbox (under
 * {@link #outboxKey}), a connection is attempted with backoff, and those older than
 * {@code bounceAfter} are answered to their sender with {@code remote-server-not-found} (no
 * such server) or {@code remote-server-timeout} (it could not be reached or authenticated).
 */
final class RemoteRoute implements StanzaLink {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteRoute.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(60);

    private final S2sServer server;
    private final String local;
    private final String remote;
    private final OutboxRepository outbox;
    private final OutboxSender sender;
    private final Object lock = new Object();
    private volatile Channel channel;
    private volatile String lastFailure = "";
    /** Guarded by lock. */
    private boolean connecting;
    private int failures;
    private boolean closed;

    RemoteRoute(S2sServer server, String local, String remote, OutboxRepository outbox, java.util.concurrent.Executor drain) {
        this.server = server;
        this.local = local;
        this.remote = remote;
        this.outbox = outbox;
        this.sender = new OutboxSender(outboxKey(local, remote), this, outbox, drain);
    }

    static String outboxKey(String local, String remote) {
        return "s2s:" + local + ">" + remote;
    }

    /** Why the last connection attempt failed; empty if none did. */
    String lastFailure() {
        return lastFailure;
    }

    OutboxSender sender() {
        return sender;
    }

    @Override
    public String domain() {
        return local;
    }

    @Override
    public boolean isUp() {
        Channel c = channel;
        return c != null && c.isActive();
    }

    @Override
    public boolean send(CharSequence stanzaXml) {
        Channel c = channel;
        if (c == null || !c.isActive()) {
            connectSoon(Duration.ZERO);
            return false;
        }
        c.writeAndFlush(stanzaXml.toString()).addListener(io.netty.channel.ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
        return true;
    }

    @Override
    public CompletableFuture<Void> sendAndConfirm(CharSequence stanzaXml) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        Channel c = channel;
        if (c == null || !c.isActive()) {
            connectSoon(Duration.ZERO);
            written.completeExceptionally(new IllegalStateException("no authenticated stream to " + remote));
            return written;
        }
        c.writeAndFlush(stanzaXml.toString()).addListener((ChannelFuture f) -> {
            if (f.isSuccess()) {
                written.complete(null);
            } else {
                written.completeExceptionally(f.cause());
            }
        });
        return written;
    }

    /** Starts connecting, for stanzas that were already waiting (after a restart). */
    void resume() {
        connectSoon(Duration.ZERO);
    }

    void close() {
        synchronized (lock) {
            closed = true;
        }
        Channel c = channel;
        if (c != null) {
            c.writeAndFlush(S2sMarkup.CLOSE).addListener(io.netty.channel.ChannelFutureListener.CLOSE);
        }
    }

    private void connectSoon(Duration delay) {
        synchronized (lock) {
            if (connecting || closed) {
                return;
            }
            connecting = true;
        }
        server.schedule(this::connect, delay);
    }

    private void connect() {
        server.connect(local, remote, null, new OutboundStreamHandler.Outcome() {
            @Override
            public void ready(Channel ready) {
                channel = ready;
                synchronized (lock) {
                    connecting = false;
                    failures = 0;
                }
                LOG.info("s2s {} -> {}: stream ready", local, remote);
                sender.drainSoon();
            }

            @Override
            public void failed(String reason) {
                connectFailed(reason, false);
            }

            @Override
            public void closed(Channel gone) {
                if (channel == gone) {
                    channel = null;
                }
                if (outbox.depth(outboxKey(local, remote)) > 0) {
                    connectSoon(Duration.ZERO);
                }
            }
        }, this::connectFailed);
    }

    /** Called when resolving, connecting, TLS or authentication failed. */
    private void connectFailed(String reason, boolean notFound) {
        int attempt;
        synchronized (lock) {
            connecting = false;
            attempt = ++failures;
        }
        lastFailure = reason;
        LOG.warn("s2s {} -> {}: {}", local, remote, reason);
        bounceOld(reason, notFound);
        if (outbox.depth(outboxKey(local, remote)) > 0) {
            long millis = Math.min(MAX_BACKOFF.toMillis(), 500L << Math.min(attempt, 10));
            connectSoon(Duration.ofMillis(millis));
        }
    }

    /** Answers the stanzas that waited longer than allowed; the rest keep waiting. */
    private void bounceOld(String reason, boolean notFound) {
        Instant limit = Instant.now().minus(server.settings().bounceAfter());
        List<OutboxEntry> waiting = outbox.peek(outboxKey(local, remote), 500);
        for (OutboxEntry entry : waiting) {
            if (entry.queuedAt().isAfter(limit)) {
                break; // in order: the rest are younger
            }
            if (outbox.remove(entry.id())) {
                server.bounce(local, entry.payload(),
                        notFound ? Condition.remote_server_not_found : Condition.remote_server_timeout,
                        remote + " could not be reached for " + server.settings().bounceAfter().toSeconds() + " s: " + reason);
            }
        }
    }

    @Override
    public String toString() {
        return "RemoteRoute[" + local + " -> " + remote + (isUp() ? ", up" : ", down") + "]";
    }

}
