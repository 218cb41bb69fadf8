package dev.ferry.bridge.e2e.fault;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Numbered messages at a steady rate on a thread of their own, 1, 2, 3, ..., until stopped: the
 * traffic a fault happens in the middle of. A send that throws is the test's bug and stops it.
 */
final class SteadyStream implements AutoCloseable {

    private final Thread thread;
    private final AtomicInteger sent = new AtomicInteger();
    private volatile boolean running = true;
    private volatile Throwable failure;

    private SteadyStream(String name, int perSecond, IntConsumer send) {
        long periodNanos = 1_000_000_000L / perSecond;
        thread = new Thread(() -> {
            long next = System.nanoTime();
            try {
                while (running) {
                    send.accept(sent.incrementAndGet());
                    next += periodNanos;
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException | Error e) {
                failure = e;
            }
        }, "steady-" + name);
        thread.setDaemon(true);
    }

    static SteadyStream start(String name, int perSecond, IntConsumer send) {
        SteadyStream s = new SteadyStream(name, perSecond, send);
        s.thread.start();
        return s;
    }

    /** Stops after the message in progress; returns how many were sent. */
    int stop() throws InterruptedException {
        running = false;
        thread.join(10_000);
        if (failure != null) {
            throw new AssertionError("the stream's sender failed", failure);
        }
        return sent.get();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(10_000);
    }
}
