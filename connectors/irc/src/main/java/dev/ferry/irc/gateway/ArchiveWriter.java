package dev.ferry.irc.gateway;

import dev.ferry.mappings.store.ArchiveRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the room archive on its own thread, many lines per commit. One insert and commit per
 * line per user on the event-relay thread was the IRC gateway's bottleneck under load (measured
 * with src/bench/irc); relaying no longer waits on the disk.
 */
final class ArchiveWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ArchiveWriter.class);
    private static final int BATCH = 500;
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

    ArchiveWriter(ArchiveRepository archive) {
        this.archive = archive;
        this.thread = new Thread(this::run, "ferry-irc-archive");
        thread.setDaemon(true);
        thread.start();
    }

    void append(ArchiveRepository.Entry entry) {
        if (queue.offer(entry)) {
            accepted.incrementAndGet();
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

    private void run() {
        List<ArchiveRepository.Entry> batch = new ArrayList<>(BATCH);
        while (running || !queue.isEmpty()) {
            try {
                ArchiveRepository.Entry first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
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

    @Override
    public void close() {
        running = false;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
