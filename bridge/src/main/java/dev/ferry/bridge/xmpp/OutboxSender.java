package dev.ferry.bridge.xmpp;

import dev.ferry.bridge.stream.StanzaLink;
import dev.ferry.mappings.store.OutboxEntry;
import dev.ferry.mappings.store.OutboxRepository;
import dev.ferry.spi.Delivery;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends stanzas on a component link, or keeps them in the persistent outbox while the link is
 * down and sends them, in order, once it is back — also after a restart, since the outbox is
 * in the store. While anything waits in the outbox, new stanzas queue behind it so order holds.
 *
 * <p>XEP-0114 has no acknowledgements: bytes written to the socket just before the server died,
 * or into a stalled connection, vanish with no one told. With a {@link DeliveryCheck} the sender
 * closes that gap: every message and presence written stays in an <em>unconfirmed window</em>
 * (outbox rows stay in the store) until an in-band round trip written after it comes back — the
 * server handles one connection's stanzas in order, so its answer proves it took everything
 * before. When the connection drops, the window is taken back (below) before anything newer is
 * written. A check that gets no answer in time makes the check's owner drop the
 * connection, which is how a stalled link is noticed. IQs are not kept: their requester times
 * out and asks again, and a stale answer re-sent would be wrong.
 *
 * <p>What the window holds when a connection drops was written but maybe not received: the server
 * may have passed a stanza on and lost only the check behind it. Presences and errors are written
 * again (a second copy of a state or of an error changes nothing). Messages are not (a second copy
 * is a duplicate a person reads twice) but handed to {@link InDoubt}, whose owner tells their
 * senders they may not have arrived. The same holds for outbox rows an earlier run of Ferry wrote
 * and never saw confirmed (it was killed): they are in doubt, not written again.
 *
 * <p>Without a check (server-to-server routes) a stanza counts as sent once written.
 */
public final class OutboxSender {

    /** An in-band round trip through the server (XEP-0199 ping): completes once the server has handled everything written before it. */
    @FunctionalInterface
    public interface DeliveryCheck {
        CompletableFuture<?> roundTrip();
    }

    /** Takes the messages a dropped connection (or a killed earlier run) carried without confirmation; called on the drain executor. */
    @FunctionalInterface
    public interface InDoubt {
        void messages(List<String> stanzasXml);
    }

    private static final Logger LOG = LoggerFactory.getLogger(OutboxSender.class);
    private static final int BATCH = 200;
    /**
     * The least time between two checks. At 100 lone messages a second a check per round trip is
     * still a check per message, and Prosody routing those pings next to the traffic was most of
     * Ferry's light-load p99 (measured: XMPP to IRC p99 2.3x Biboumi's with checks, 1.5x without).
     * 50 ms lets about five messages share one; the price is a confirmation up to 50 ms later.
     */
    static final long CHECK_GAP_MILLIS = 50;
    /**
     * The most stanzas written and not yet confirmed; beyond it new ones are held (below) until a
     * check comes back. The check's ping queues behind everything written before it, so without a
     * bound a server slower than the relay (Prosody routing five copies of every IRC line, 120,000-
     * 200,000 stanzas behind in a 5-user closed-loop benchmark) left it unanswered for longer than
     * the check allows, and a healthy link was dropped. 5,000 stanzas is about a second of Prosody's
     * work at its slowest measured, and more than Ferry writes in one round trip at 6,000 a second.
     */
    static final int MAX_UNCONFIRMED = 5_000;
    /**
     * Stanzas held in memory behind a full window, while the link is up; past this many they go to
     * the outbox. Memory, not the store, because the store's per-row commits cost ~30 times a
     * direct write (measured: 5,968 against 197 CPU-us a message) exactly when the server is
     * already the bottleneck; a held stanza is as durable as one in the socket's buffer, and goes
     * to the outbox if the connection drops.
     */
    static final int MAX_HELD = 100_000;

    /** One stanza written on the current connection and not yet confirmed; {@code outboxId} 0 when it never was in the outbox. */
    private record Written(long seq, String xml, long outboxId) {
    }

    private final String domain;
    private final StanzaLink link;
    private final OutboxRepository outbox;
    private final Executor drainExecutor;
    private final DeliveryCheck check;
    private final InDoubt inDoubt;
    private final long checkGapNanos;
    private final int maxUnconfirmed;
    /** Outbox rows this run attempted: a row attempted but not in here was written by an earlier run. */
    private final Set<Long> attemptedHere = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();

    // All below guarded by lock.
    /** Outbox rows not yet written on the current connection. */
    private long waiting;
    private boolean draining;
    /** The highest outbox id written on the current connection: rows above it are still to write. */
    private long cursor;
    private final ArrayDeque<Written> unconfirmed = new ArrayDeque<>();
    /** Stanzas waiting in memory for room in the window; older than anything in the outbox. */
    private final ArrayDeque<String> held = new ArrayDeque<>();
    private long writtenSeq;
    /** A check is about to be written behind the latest stanzas. */
    private boolean checkDue;
    /** A check is on its way through the server; stanzas written meanwhile wait for the next one. */
    private boolean checkOut;
    /** When the last check was written (System.nanoTime). */
    private long lastCheckNanos;
    /** Bumped when a connection drops: answers and writes of the old connection no longer count. */
    private long connection;
    /** Set when a connection dropped with an unconfirmed window not yet taken back into the outbox. */
    private boolean takeBackDue;
    private long resent;
    /** The last send went straight to the link; cleared when anything waits (see {@link #writesDirectly}). Not guarded. */
    private volatile boolean lastSendDirect;
    private long doubted;
    /**
     * A graceful stop has begun: the connectors are closed, so a message in doubt can no longer be
     * reported to its sender; it is kept in the outbox, marked written, and the next run reports it.
     */
    private boolean stopping;

    public OutboxSender(String domain, StanzaLink link, OutboxRepository outbox, Executor drainExecutor) {
        this(domain, link, outbox, drainExecutor, null, null);
    }

    /**
     * With {@code check} non-null, written stanzas stay unconfirmed until a round trip after them
     * comes back; unconfirmed messages of a dropped connection go to {@code inDoubt}.
     */
    public OutboxSender(String domain, StanzaLink link, OutboxRepository outbox, Executor drainExecutor, DeliveryCheck check,
                        InDoubt inDoubt) {
        this(domain, link, outbox, drainExecutor, check, inDoubt, Duration.ofMillis(CHECK_GAP_MILLIS), MAX_UNCONFIRMED);
    }

    /**
     * With {@code checkGap} the least time between two checks (zero in tests that drive checks by
     * hand) and {@code maxUnconfirmed} the bound on the unconfirmed window.
     */
    OutboxSender(String domain, StanzaLink link, OutboxRepository outbox, Executor drainExecutor, DeliveryCheck check,
                 InDoubt inDoubt, Duration checkGap, int maxUnconfirmed) {
        if (check != null && inDoubt == null) {
            throw new IllegalArgumentException("a delivery check needs somewhere to report messages in doubt");
        }
        this.domain = domain;
        this.link = link;
        this.outbox = outbox;
        this.drainExecutor = drainExecutor;
        this.check = check;
        this.inDoubt = inDoubt;
        this.checkGapNanos = checkGap.toNanos();
        this.maxUnconfirmed = maxUnconfirmed;
        this.lastCheckNanos = System.nanoTime() - checkGapNanos;
        this.waiting = outbox.depth(domain);
    }

    public Delivery send(String stanzaXml) {
        synchronized (lock) {
            if (!link.isUp()) {
                // The unconfirmed window goes back into the outbox before this stanza, so order holds.
                dropped();
                takeBack();
            }
            if (waiting == 0 && !draining) {
                if (held.isEmpty() && !windowFull() && link.send(stanzaXml)) {
                    written(stanzaXml, 0);
                    lastSendDirect = true;
                    return Delivery.delivered();
                }
                lastSendDirect = false;
                if (check != null && link.isUp() && held.size() < MAX_HELD) {
                    held.addLast(stanzaXml);
                    return Delivery.queued("the XMPP server is behind; held until it confirms what it has");
                }
            }
            lastSendDirect = false;
            outbox.enqueue(domain, stanzaXml);
            waiting++;
        }
        if (link.isUp()) {
            drainSoon();
            return Delivery.queued("queued in the outbox behind earlier stanzas");
        }
        return Delivery.queued("the link to the XMPP server is down; kept in the outbox");
    }

    /**
     * Whether a send now would most likely go straight to the link without touching the store:
     * the last one did and the link is up. Callers on event loops ask before they send from there.
     */
    public boolean writesDirectly() {
        return lastSendDirect && link.isUp();
    }

    /** Rows waiting to be written. */
    public long waiting() {
        synchronized (lock) {
            return waiting;
        }
    }

    /** Stanzas written on the current connection whose arrival the server has not confirmed yet. */
    public int unconfirmed() {
        synchronized (lock) {
            return unconfirmed.size();
        }
    }

    /** Stanzas written again because their connection dropped before the server confirmed them. */
    public long resent() {
        synchronized (lock) {
            return resent;
        }
    }

    /** Messages whose connection dropped before the server confirmed them, reported instead of written again. */
    public long doubted() {
        synchronized (lock) {
            return doubted;
        }
    }

    /**
     * Called when the link's connection is gone: whatever it carried without confirmation is taken
     * back into the outbox (on the drain executor; the store is never touched on the event loop).
     */
    public void linkDropped() {
        lastSendDirect = false;
        synchronized (lock) {
            dropped();
        }
        drainExecutor.execute(() -> {
            synchronized (lock) {
                if (!link.isUp()) {
                    takeBack();
                }
            }
        });
    }

    /** Called when the link comes up. */
    public void drainSoon() {
        synchronized (lock) {
            if (draining || (waiting == 0 && !takeBackDue)) {
                return;
            }
            draining = true;
            lastSendDirect = false;
        }
        drainExecutor.execute(this::drain);
    }

    private void drain() {
        long sent = 0;
        try {
            synchronized (lock) {
                takeBack();
            }
            rows:
            while (link.isUp() && !stopping()) {
                long after;
                long conn;
                synchronized (lock) {
                    after = cursor;
                    conn = connection;
                }
                List<OutboxEntry> batch = outbox.peekAfter(domain, after, BATCH);
                if (batch.isEmpty()) {
                    break;
                }
                List<String> doubtful = new ArrayList<>();
                for (OutboxEntry entry : batch) {
                    synchronized (lock) {
                        if (windowFull() || !held.isEmpty()) {
                            report(doubtful);
                            break rows; // resumed by the confirmation that makes room
                        }
                    }
                    if (writtenByAnEarlierRun(entry)) {
                        synchronized (lock) {
                            forget(entry.id());
                            cursor = entry.id();
                            waiting--;
                            doubted++;
                        }
                        doubtful.add(entry.payload());
                        continue;
                    }
                    // Counted before the write: killed in between, the row is in doubt (told), never duplicated.
                    attemptedHere.add(entry.id());
                    outbox.recordAttempt(entry.id());
                    try {
                        link.sendAndConfirm(entry.payload()).get(30, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        outbox.undoAttempt(entry.id());
                        throw e;
                    }
                    synchronized (lock) {
                        if (conn != connection) {
                            // Written on a connection that dropped before the row joined its window:
                            // like the window, a message is in doubt, anything else is written again.
                            if (!safeToRepeat(entry.payload())) {
                                forget(entry.id());
                                doubted++;
                                doubtful.add(entry.payload());
                            }
                            report(doubtful);
                            return;
                        }
                        cursor = entry.id();
                        waiting--;
                        if (!written(entry.payload(), entry.id())) {
                            forget(entry.id());
                        }
                    }
                    sent++;
                }
                report(doubtful);
            }
        } catch (Exception e) {
            LOG.warn("component {}: outbox delivery paused after {} stanzas: {}; it resumes when the link is back",
                    domain, sent, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } finally {
            boolean again;
            synchronized (lock) {
                draining = false;
                waiting = outbox.depth(domain) - rowsInWindow();
                // Only go round again after progress: a link that takes no stanzas is retried when it
                // reconnects, a full window when a confirmation makes room.
                again = waiting > 0 && link.isUp() && sent > 0 && !windowFull();
            }
            if (sent > 0) {
                LOG.info("component {}: delivered {} stanzas from the outbox", domain, sent);
            }
            if (again) {
                drainSoon();
            }
        }
    }

    /** Under lock: records a stanza just written; true when it is kept until confirmed. */
    private boolean written(String xml, long outboxId) {
        if (check == null || !needsConfirmation(xml)) {
            return false;
        }
        unconfirmed.addLast(new Written(++writtenSeq, xml, outboxId));
        checkSoon();
        return true;
    }

    /**
     * Under lock: a check goes right behind this burst of stanzas, unless one is out already (then
     * the next one follows its answer) or the last one went less than {@link #CHECK_GAP_MILLIS}
     * ago (then it waits that long). A check for every lone stanza made Prosody route 1.65-2.2
     * times the stanzas of the relay itself.
     */
    private void checkSoon() {
        if (!checkDue && !checkOut) {
            checkDue = true;
            long wait = lastCheckNanos + checkGapNanos - System.nanoTime();
            (wait <= 0 ? drainExecutor : CompletableFuture.delayedExecutor(wait, TimeUnit.NANOSECONDS, drainExecutor))
                    .execute(this::startCheck);
        }
    }

    /** A message an earlier run of Ferry wrote and never saw confirmed (it stopped, maybe killed). */
    private boolean writtenByAnEarlierRun(OutboxEntry entry) {
        return check != null && entry.attempts() > 0 && !attemptedHere.contains(entry.id()) && !safeToRepeat(entry.payload());
    }

    /** Under lock: a row done with. */
    private void forget(long outboxId) {
        outbox.remove(outboxId);
        attemptedHere.remove(outboxId);
    }

    /** Presences (states) and errors: a second copy changes nothing for whoever gets it. */
    static boolean safeToRepeat(String xml) {
        if (xml.startsWith("<presence")) {
            return true;
        }
        int end = xml.indexOf('>');
        String startTag = end < 0 ? xml : xml.substring(0, end);
        return startTag.contains("type=\"error\"") || startTag.contains("type='error'");
    }

    private void report(List<String> doubtful) {
        if (!doubtful.isEmpty()) {
            List<String> copy = List.copyOf(doubtful);
            drainExecutor.execute(() -> inDoubt.messages(copy));
        }
    }

    /** Messages and presences matter to people; IQs are re-asked by whoever sent the request. */
    static boolean needsConfirmation(String xml) {
        return xml.startsWith("<message") || xml.startsWith("<presence");
    }

    /** A round trip that confirms everything written before it; one at a time (see {@link #checkSoon}). */
    private void startCheck() {
        long mark;
        long conn;
        CompletableFuture<?> answer;
        synchronized (lock) {
            checkDue = false;
            if (unconfirmed.isEmpty()) {
                return;
            }
            mark = writtenSeq;
            conn = connection;
            lastCheckNanos = System.nanoTime();
            try {
                // Under the lock, so no stanza written after `mark` can overtake the check on the wire.
                answer = check.roundTrip();
            } catch (RuntimeException e) {
                answer = CompletableFuture.failedFuture(e);
            }
            checkOut = true;
        }
        answer.whenCompleteAsync((ok, error) -> confirmed(conn, mark, error), drainExecutor);
    }

    private void confirmed(long conn, long mark, Throwable error) {
        boolean room;
        synchronized (lock) {
            if (conn != connection) {
                return; // that connection is gone; its window was taken back
            }
            checkOut = false;
            if (error != null) {
                // The check's owner drops an unresponsive connection; a link that is merely down
                // reports the drop itself. Either way the window is taken back, not confirmed.
                LOG.debug("component {}: delivery check failed: {}", domain, error.toString());
                return;
            }
            while (!unconfirmed.isEmpty() && unconfirmed.peekFirst().seq() <= mark) {
                Written w = unconfirmed.pollFirst();
                if (w.outboxId() != 0) {
                    forget(w.outboxId());
                }
            }
            writeHeld();
            if (!unconfirmed.isEmpty()) {
                checkSoon(); // for what was written while this check was out
            }
            lock.notifyAll(); // a graceful stop waits for this
            room = waiting > 0 && held.isEmpty() && !windowFull();
        }
        if (room) {
            drainSoon();
        }
    }

    /**
     * Graceful stop, step 1, before the link closes (the connectors are closed already): waits up
     * to {@code wait} for the server to confirm what was written and to take what is held, so a
     * stop does not turn a healthy window into messages in doubt. From here on, messages in doubt
     * are kept for the next run rather than reported (there is no one to report them to).
     */
    public void awaitSettled(Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (lock) {
            stopping = true;
            long left;
            while (link.isUp() && (!unconfirmed.isEmpty() || !held.isEmpty()) && (left = deadline - System.nanoTime()) > 0) {
                lock.wait(Math.max(1, Math.min(50, TimeUnit.NANOSECONDS.toMillis(left)))); // notified by confirmations; polls the link
            }
        }
    }

    /**
     * Graceful stop, step 2, once the link is closed: the window and the held stanzas go to the
     * outbox for the next run. Held stanzas and the window's presences and errors are written then;
     * the window's messages are marked written, so the next run reports them to their senders as
     * maybe not arrived, as it does after a kill.
     */
    public void keepForNextRun() {
        synchronized (lock) {
            stopping = true;
            dropped();
            takeBack();
        }
    }

    private boolean stopping() {
        synchronized (lock) {
            return stopping;
        }
    }

    /** Under lock: held stanzas, in order, into the room the window has. */
    private void writeHeld() {
        while (!held.isEmpty() && !windowFull() && link.send(held.peekFirst())) {
            written(held.pollFirst(), 0);
        }
    }

    /** Under lock: as many stanzas are out unconfirmed as the server may be behind by. */
    private boolean windowFull() {
        return check != null && unconfirmed.size() >= maxUnconfirmed;
    }

    /** Under lock: the current connection is gone. */
    private void dropped() {
        connection++;
        checkOut = false;
        if (!unconfirmed.isEmpty() || !held.isEmpty()) {
            takeBackDue = true;
        }
    }

    /**
     * Under lock: the unconfirmed window goes back into the outbox, in order, except its messages,
     * which are reported as in doubt. Its rows from the outbox are still there; stanzas written
     * directly are queued again behind them (nothing else can be queued in between: a direct write
     * happens only with an empty outbox, and every enqueue takes the window back first).
     */
    private void takeBack() {
        if (!takeBackDue) {
            return;
        }
        takeBackDue = false;
        List<String> doubtful = new ArrayList<>();
        int keptInDoubt = 0;
        for (Written w : unconfirmed) {
            if (!safeToRepeat(w.xml()) && stopping) {
                // Its row (new or from the outbox) carries an attempt: the next run reports it.
                if (w.outboxId() == 0) {
                    outbox.recordAttempt(outbox.enqueue(domain, w.xml()));
                }
                keptInDoubt++;
            } else if (!safeToRepeat(w.xml())) {
                if (w.outboxId() != 0) {
                    forget(w.outboxId());
                }
                doubtful.add(w.xml());
            } else if (w.outboxId() == 0) {
                outbox.enqueue(domain, w.xml());
            }
        }
        int again = unconfirmed.size() - doubtful.size() - keptInDoubt;
        unconfirmed.clear();
        for (String xml : held) {
            outbox.enqueue(domain, xml); // never written: behind the window, ahead of anything newer
        }
        int kept = held.size();
        held.clear();
        cursor = 0;
        waiting = outbox.depth(domain);
        resent += again;
        doubted += doubtful.size();
        if (kept > 0) {
            LOG.info("component {}: {} stanzas held behind the full window go to the outbox", domain, kept);
        }
        if (stopping) {
            LOG.info("component {}: stopping with {} stanzas written and not confirmed by the server: {} presences or errors are kept"
                    + " to be written again, {} messages are kept for the next run to report to their senders as maybe not arrived",
                    domain, again + keptInDoubt, again, keptInDoubt);
            return;
        }
        LOG.warn("component {}: the connection dropped before the server confirmed {} stanzas: {} presences or errors are written"
                + " again, {} messages are reported to their senders as maybe not arrived", domain, again + doubtful.size(), again,
                doubtful.size());
        report(doubtful);
    }

    private long rowsInWindow() {
        return unconfirmed.stream().filter(w -> w.outboxId() != 0).count();
    }
}
