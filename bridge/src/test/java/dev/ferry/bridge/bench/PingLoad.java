package dev.ferry.bridge.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.jivesoftware.smack.XMPPConnection;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smackx.ping.packet.Ping;
import org.jxmpp.jid.Jid;

/**
 * XEP-0199 pings from logged-in clients to one target, answered by whoever serves it. Requests go
 * out with {@code sendStanza} and a plain listener matches replies by id, so no per-request
 * collector or timeout task sits in the client's path.
 */
final class PingLoad {

    /** How long a row waits after its window for stragglers before counting them lost. */
    private static final Duration DRAIN = Duration.ofSeconds(5);

    record Result(long sent, long replies, long errors, long lost, double seconds, Histogram latencyMicros) {
        double perSecond() {
            return replies / seconds;
        }
    }

    private final List<XMPPConnection> clients;
    private final Jid target;
    private final String idPrefix;
    private final AtomicLong ids = new AtomicLong();
    /** id -> nanoTime the request was due (open loop) or sent (closed loop). */
    private final Map<String, Long> inFlight = new ConcurrentHashMap<>();

    private volatile Row row;

    PingLoad(List<XMPPConnection> clients, Jid target) {
        this.clients = clients;
        this.target = target;
        this.idPrefix = "b" + Integer.toHexString(System.identityHashCode(this)) + "-";
        for (XMPPConnection c : clients) {
            c.addSyncStanzaListener(stanza -> onReply(c, (IQ) stanza),
                    stanza -> stanza instanceof IQ iq && iq.getType() != IQ.Type.get
                            && iq.getStanzaId() != null && iq.getStanzaId().startsWith(idPrefix));
        }
    }

    /** State of the row being measured; replies are counted only while it is current. */
    private static final class Row {
        final boolean closedLoop;
        final long endNanos;
        final ConcurrentHistogram latency = new ConcurrentHistogram(60_000_000L, 3);
        final AtomicLong sent = new AtomicLong();
        final AtomicLong replies = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final AtomicBoolean sending = new AtomicBoolean(true);

        Row(boolean closedLoop, long endNanos) {
            this.closedLoop = closedLoop;
            this.endNanos = endNanos;
        }
    }

    /** Pings for 200 ms (plus the drain wait); throws when the target does not answer with a result. */
    void probe() throws InterruptedException {
        Result r = closedLoop(1, Duration.ofMillis(200));
        if (r.replies() == 0) {
            throw new IllegalStateException(target + " did not answer a ping (errors " + r.errors() + ", lost " + r.lost() + ")");
        }
    }

    /** {@code outstanding} requests always in flight, split over the clients, for {@code window}. */
    Result closedLoop(int outstanding, Duration window) throws InterruptedException {
        long start = System.nanoTime();
        Row r = new Row(true, start + window.toNanos());
        row = r;
        for (int i = 0; i < outstanding; i++) {
            send(clients.get(i % clients.size()), r, System.nanoTime());
        }
        sleepUntil(r.endNanos);
        r.sending.set(false);
        return finish(r, (System.nanoTime() - start) / 1e9);
    }

    /**
     * Requests due at a fixed rate for {@code window}, regardless of replies. Latency counts from the
     * time a request was due, not when it left, so a stalled sender cannot hide queueing delay.
     */
    Result openLoop(int perSecond, Duration window) throws InterruptedException {
        long total = perSecond * window.toSeconds();
        long interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
        long start = System.nanoTime();
        Row r = new Row(false, start + window.toNanos());
        row = r;
        for (long i = 0; i < total; i++) {
            long due = start + i * interval;
            long wait;
            // Parks instead of spinning: on two cores a spinning sender would steal CPU from the system
            // under test. Wake-up slack (~60 us) is counted in the latency, since it runs from `due`.
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            send(clients.get((int) (i % clients.size())), r, due);
        }
        r.sending.set(false);
        return finish(r, window.toNanos() / 1e9);
    }

    private Result finish(Row r, double seconds) throws InterruptedException {
        long drainEnd = System.nanoTime() + DRAIN.toNanos();
        while (!inFlight.isEmpty() && System.nanoTime() < drainEnd) {
            TimeUnit.MILLISECONDS.sleep(5);
        }
        long lost = inFlight.size();
        inFlight.clear();
        row = null;
        // Closed loop: throughput counts replies within the window; open loop: every reply.
        return new Result(r.sent.get(), r.replies.get(), r.errors.get(), lost, seconds, r.latency);
    }

    private void send(XMPPConnection c, Row r, long dueNanos) {
        Ping ping = new Ping(target);
        String id = idPrefix + ids.incrementAndGet();
        ping.setStanzaId(id);
        inFlight.put(id, dueNanos);
        try {
            c.sendStanza(ping);
            r.sent.incrementAndGet();
        } catch (Exception e) {
            inFlight.remove(id);
            r.errors.incrementAndGet();
        }
    }

    private void onReply(XMPPConnection c, IQ reply) {
        long now = System.nanoTime();
        Long due = inFlight.remove(reply.getStanzaId());
        Row r = row;
        if (due == null || r == null) {
            return; // a straggler of an earlier row
        }
        if (reply.getType() == IQ.Type.error) {
            r.errors.incrementAndGet();
        } else if (!r.closedLoop || now <= r.endNanos) {
            r.replies.incrementAndGet();
            r.latency.recordValue(Math.max(0, (now - due) / 1000));
        }
        if (r.closedLoop && r.sending.get() && now < r.endNanos) {
            send(c, r, System.nanoTime());
        }
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long wait;
        while ((wait = nanos - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(Math.min(wait, 10_000_000));
        }
    }
}
