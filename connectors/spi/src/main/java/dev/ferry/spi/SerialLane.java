package dev.ferry.spi;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
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
    private final Object lock = new Object();
    /** Tasks given and not started yet, oldest first (guarded by lock). */
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    /**
     * A task runs (here or on the worker) or the worker is on its way (guarded by lock). Whoever
     * set it owns the lane until the queue is empty; while it is false the queue is empty, which
     * is what lets a task run here without overtaking one given before it.
     */
    private boolean busy;

    /** {@code name} says in the log whose tasks these are. */
    public SerialLane(String name, Executor worker) {
        this.name = name;
        this.worker = worker;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (lock) {
            queue.addLast(task);
            if (busy) {
                return;
            }
            busy = true;
        }
        startWorker();
    }

    /**
     * Runs {@code task} now on this thread if the lane is idle, else queues it behind the others.
     * Returns whether it ran here. Tasks given meanwhile wait for it, then go to the worker.
     */
    public boolean runHereIfIdle(Runnable task) {
        synchronized (lock) {
            if (busy) {
                queue.addLast(task);
                return false;
            }
            busy = true;
        }
        try {
            runSafely(task);
        } finally {
            boolean more;
            synchronized (lock) {
                more = !queue.isEmpty();
                busy = more;
            }
            if (more) {
                startWorker();
            }
        }
        return true;
    }

    private void startWorker() {
        try {
            worker.execute(this::drain);
        } catch (RejectedExecutionException e) {
            // Only after shutdown: nobody is left to handle what is queued, and the lane stays busy.
            synchronized (lock) {
                LOG.info("{}: {} task(s) came after the lane closed and were not run", name, queue.size());
            }
        }
    }

    private void drain() {
        while (true) {
            Runnable task;
            synchronized (lock) {
                task = queue.pollFirst();
                if (task == null) {
                    busy = false;
                    return;
                }
            }
            runSafely(task);
        }
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
