package dev.ferry.spi;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in the order they were given, on a worker thread, except that a task
 * may run on the caller's own thread when nothing else is waiting or running ({@link #runHereIfIdle}).
 * That spares a line the hand-off to the worker (one more thread to be woken, and on a busy machine
 * one more run queue to wait in) without letting it overtake anything given before it.
 */
public final class SerialLane implements Executor {

    private static final Logger LOG = LoggerFactory.getLogger(SerialLane.class);

    private final String name;
    private final Executor worker;
    private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
    /** Tasks given and not yet finished, the one running included: 0 means the lane is idle. */
    private final AtomicInteger pending = new AtomicInteger();

    /** {@code name} says in the log whose tasks these are. */
    public SerialLane(String name, Executor worker) {
        this.name = name;
        this.worker = worker;
    }

    @Override
    public void execute(Runnable task) {
        queue.add(task);
        if (pending.getAndIncrement() == 0) {
            startWorker();
        }
    }

    /**
     * Runs {@code task} now on this thread if the lane is idle, else queues it behind the others.
     * Returns whether it ran here. Tasks given meanwhile wait for it, then go to the worker.
     */
    public boolean runHereIfIdle(Runnable task) {
        if (!pending.compareAndSet(0, 1)) {
            execute(task);
            return false;
        }
        try {
            runSafely(task);
        } finally {
            if (pending.decrementAndGet() > 0) {
                startWorker();
            }
        }
        return true;
    }

    private void startWorker() {
        try {
            worker.execute(this::drain);
        } catch (RejectedExecutionException e) {
            // Only after shutdown: nobody is left to handle what is queued.
            LOG.info("{}: {} task(s) came after the lane closed and were not run", name, queue.size());
        }
    }

    private void drain() {
        do {
            Runnable task = queue.poll();
            if (task != null) {
                runSafely(task);
            }
        } while (pending.decrementAndGet() > 0);
    }

    private void runSafely(Runnable task) {
        try {
            task.run();
        } catch (Throwable e) {
            // As an event loop does: the task's failure is its own. A lane that stopped here would
            // leave every later task queued for good.
            LOG.error("{}: a task failed", name, e);
        }
    }
}
