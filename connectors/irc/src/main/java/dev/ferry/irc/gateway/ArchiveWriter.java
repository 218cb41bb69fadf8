package dev.ferry.irc.gateway;

import dev.ferry.mappings.store.ArchiveRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the room archive on its own thread, many lines per commit. One insert and commit per
 * line per user on the event-relay thread was the IRC gateway's bottleneck under load (measured
 * with src/bench/irc); relaying no longer waits on the disk.
 *
 * <p>A batch lingers up to {@link #LINGER_NANOS} for more lines. The store commits with
 * {@code WRITE_DELAY=0} (the outbox must survive a kill -9), and every H2 commit rewrites the
 * B-tree leaves it touched: taking whatever was queued at each wake-up gave batches of a few
 * lines, and at 500 channel lines/s with five users joined the archive thread alone used most of
 * a core (JFR, src/bench/irc). A pending {@link #flush()} — a join waiting for history — cuts
 * the linger short, so no reader waits for it.
 */
final class ArchiveWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ArchiveWriter.class);
    private static final int BATCH = 1000;
    private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** Beyond this many waiting lines the archive is behind the disk by far; the newest are dropped, with a count. */
    private static final int CAPACITY = 100_000;

    private final ArchiveRepository archive;
    private final BlockingQueue<ArchiveRepository.Entry> queue = new LinkedBlockingQueue<>(CAPACITY);
    private final Thread thread;
    private volatile boolean running = true;
    private long dropped;
    /** Lines handed in and lines done with (written or failed), so flush() knows when a line is through. */
    private final java.util.concurrent.atomic.AtomicLong accepted = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
    /** The highest {@code accepted} count a caller of flush() waits for; beyond {@code done}, batches stop lingering. */
    private final java.util.concurrent.atomic.AtomicLong flushTarget = new java.util.concurrent.atomic.AtomicLong();

    ArchiveWriter(ArchiveRepository archive) {
        this.archive = archive;
        this.thread = new Thread(this::run, "ferry-irc-archive");
        thread.setDaemon(true);
        thread.start();
    }

    void append(ArchiveRepository.Entry entry) {
        if (queue.offer(entry)) {
            accepted.incrementAndGet();
            if (queue.size() >= BATCH) {
                LockSupport.unpark(thread); // a full batch need not linger
            }
        } else {
            synchronized (this) {
                if (dropped++ % 1000 == 0) {
                    LOG.warn("the archive is {} lines behind; {} lines not archived so far", CAPACITY, dropped);
                }
            }
        }
    }

    /** Waits (bounded) until what was queued so far is written: history must see the lines before a join. */
    void flush() {
        long target = accepted.get();
        flushTarget.accumulateAndGet(target, Math::max);
        LockSupport.unpark(thread);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (done.get() < target && System.nanoTime() < end) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The newest lines of a room, after what is queued for it has been written. */
    List<dev.ferry.mappings.store.ArchivedMessage> recent(String owner, String room, int max, java.time.Instant since) {
        flush();
        return archive.recent(owner, "irc", room, max, since);
    }

    /** A room's lines sent in [{@code from}, {@code to}], oldest first, after what is queued has been written. */
    List<dev.ferry.mappings.store.ArchivedMessage> between(String owner, String room, java.time.Instant from,
                                                           java.time.Instant to, int max) {
        flush();
        return archive.query(owner, "irc", room, from, to, 0, Long.MAX_VALUE, max, false);
    }

    private void run() {
        List<ArchiveRepository.Entry> batch = new ArrayList<>(BATCH);
        while (running || !queue.isEmpty()) {
            try {
                ArchiveRepository.Entry first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                gather(batch);
                archive.appendAll(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("{} archive lines not written: {}", batch.size(), e.getMessage());
            } finally {
                done.addAndGet(batch.size());
                batch.clear();
            }
        }
    }

    /**
     * Adds lines to the batch until it is full, the linger is over, a flush waits, or we are
     * closing. The thread sleeps through the linger rather than waking for every line: at 500
     * lines a second, a wake-up per line was a context switch per line on cores the relay shares
     * (src/bench/irc/latency.sh); {@link #append}, {@link #flush} and {@link #close} wake it early.
     */
    private void gather(List<ArchiveRepository.Entry> batch) {
        long deadline = System.nanoTime() + LINGER_NANOS;
        while (true) {
            queue.drainTo(batch, BATCH - batch.size());
            long left = deadline - System.nanoTime();
            if (batch.size() >= BATCH || left <= 0 || !running || flushTarget.get() > done.get()) {
                return;
            }
            LockSupport.parkNanos(this, left);
        }
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
