package dev.ferry.bridge.xmpp;

import dev.ferry.bridge.stream.StanzaLink;
import dev.ferry.mappings.store.OutboxEntry;
import dev.ferry.mappings.store.OutboxRepository;
import dev.ferry.spi.Delivery;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends stanzas on a component link, or keeps them in the persistent outbox while the link is
 * down and sends them, in order, once it is back — also after a restart, since the outbox is
 * in the store. While anything waits in the outbox, new stanzas queue behind it so order holds.
 *
 * <p>A stanza counts as sent once its bytes are written to the socket. A connection that dies
 * with bytes still in flight can lose them: XEP-0114 has no acknowledgements (no XEP-0198 for
 * components), so this is at most once for that window and exactly once everywhere else.
 */
public final class OutboxSender {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxSender.class);
    private static final int BATCH = 200;

    private final String domain;
    private final StanzaLink link;
    private final OutboxRepository outbox;
    private final Executor drainExecutor;
    private final Object lock = new Object();
    private long waiting;
    private boolean draining;

    public OutboxSender(String domain, StanzaLink link, OutboxRepository outbox, Executor drainExecutor) {
        this.domain = domain;
        this.link = link;
        this.outbox = outbox;
        this.drainExecutor = drainExecutor;
        this.waiting = outbox.depth(domain);
    }

    public Delivery send(String stanzaXml) {
        synchronized (lock) {
            if (waiting == 0 && !draining && link.send(stanzaXml)) {
                return Delivery.delivered();
            }
            outbox.enqueue(domain, stanzaXml);
            waiting++;
        }
        if (link.isUp()) {
            drainSoon();
        }
        return Delivery.queued("the link to the XMPP server is down; kept in the outbox");
    }

    public long waiting() {
        synchronized (lock) {
            return waiting;
        }
    }

    /** Called when the link comes up. */
    public void drainSoon() {
        synchronized (lock) {
            if (draining || waiting == 0) {
                return;
            }
            draining = true;
        }
        drainExecutor.execute(this::drain);
    }

    private void drain() {
        long sent = 0;
        try {
            while (link.isUp()) {
                List<OutboxEntry> batch = outbox.peek(domain, BATCH);
                if (batch.isEmpty()) {
                    break;
                }
                for (OutboxEntry entry : batch) {
                    outbox.recordAttempt(entry.id());
                    link.sendAndConfirm(entry.payload()).get(30, TimeUnit.SECONDS);
                    outbox.remove(entry.id());
                    sent++;
                    synchronized (lock) {
                        waiting--;
                    }
                }
            }
        } catch (Exception e) {
            LOG.warn("component {}: outbox delivery paused after {} stanzas: {}; it resumes when the link is back",
                    domain, sent, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } finally {
            boolean again;
            synchronized (lock) {
                draining = false;
                waiting = outbox.depth(domain);
                // Only go round again after progress: a link that takes no stanzas is retried when it reconnects.
                again = waiting > 0 && link.isUp() && sent > 0;
            }
            if (sent > 0) {
                LOG.info("component {}: delivered {} stanzas from the outbox", domain, sent);
            }
            if (again) {
                drainSoon();
            }
        }
    }
}
