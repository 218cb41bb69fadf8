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
import java.util.Optional;
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
    private static final int BOUNCE_BATCH = 500;

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
        server.schedule(this::attempt, delay);
    }

    /**
     * One connection attempt. Anything it throws counts as a failed attempt: a scheduled task that
     * throws is swallowed by its executor, which would leave {@code connecting} set and the
     * waiting stanzas with no further attempt and no bounce.
     */
    private void attempt() {
        try {
            connect();
        } catch (RuntimeException e) {
            LOG.error("s2s {} -> {}: connection attempt failed unexpectedly", local, remote, e);
            connectFailed("connection attempt failed: " + e, false);
        }
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
        Optional<Instant> oldestLeft = bounceOld(reason, notFound);
        if (oldestLeft.isPresent()) {
            connectSoon(nextAttemptIn(attempt, oldestLeft.get(), server.settings().bounceAfter(), Instant.now()));
        }
    }

    /**
     * Backoff doubling from 1 s up to {@link #MAX_BACKOFF}, but never past the moment the oldest
     * waiting stanza is due to be bounced: that attempt is its last chance, and its failure
     * answers it. Without the cap a stanza waited up to a whole backoff (60 s) past
     * {@code bounce-after-seconds}.
     */
    static Duration nextAttemptIn(int attempt, Instant oldestQueued, Duration bounceAfter, Instant now) {
        long backoff = Math.min(MAX_BACKOFF.toMillis(), 500L << Math.min(attempt, 10));
        long untilDue = Duration.between(now, oldestQueued.plus(bounceAfter)).toMillis();
        return Duration.ofMillis(Math.max(0, Math.min(backoff, untilDue)));
    }

    /**
     * Answers the stanzas that waited longer than allowed; the rest keep waiting. Returns when the
     * oldest of those was queued, empty when none is left.
     */
    private Optional<Instant> bounceOld(String reason, boolean notFound) {
        Instant limit = Instant.now().minus(server.settings().bounceAfter());
        String key = outboxKey(local, remote);
        List<OutboxEntry> waiting;
        do {
            waiting = outbox.peek(key, BOUNCE_BATCH);
            for (OutboxEntry entry : waiting) {
                if (entry.queuedAt().isAfter(limit)) {
                    return Optional.of(entry.queuedAt()); // in order: the rest are younger
                }
                if (outbox.remove(entry.id())) {
                    bounce(entry, notFound, reason);
                }
            }
        } while (waiting.size() == BOUNCE_BATCH);
        return outbox.peek(key, 1).stream().map(OutboxEntry::queuedAt).findFirst();
    }

    private void bounce(OutboxEntry entry, boolean notFound, String reason) {
        try {
            server.bounce(local, entry.payload(), notFound ? Condition.remote_server_not_found : Condition.remote_server_timeout,
                    remote + " could not be reached for " + server.settings().bounceAfter().toSeconds() + " s: " + reason);
        } catch (RuntimeException e) {
            // One stanza whose answer fails must not keep the others waiting past their bound.
            LOG.error("s2s {} -> {}: could not answer an undeliverable stanza; dropping it: {}", local, remote, entry.payload(), e);
        }
    }

    @Override
    public String toString() {
        return "RemoteRoute[" + local + " -> " + remote + (isUp() ? ", up" : ", down") + "]";
    }

}
