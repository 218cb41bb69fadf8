package dev.ferry.bridge.e2e.fault;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntPredicate;

/**
 * Numbered messages at a steady rate on one thread: {@code sender.test(n)} sends number n and
 * says whether it went out (false: the sender could not even try, and n is used next time).
 * A sender that throws stops the stream; {@link #stop()} rethrows it.
 */
final class GatedSteadyStream {

    private final ScheduledExecutorService timer;
    private final AtomicInteger next = new AtomicInteger(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean paused;

    private GatedSteadyStream(String name) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "stream-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts sending {@code perSecond} messages a second. */
    static GatedSteadyStream start(String name, int perSecond, IntPredicate sender) {
        GatedSteadyStream s = new GatedSteadyStream(name);
        s.timer.scheduleAtFixedRate(() -> {
            if (s.paused) {
                return;
            }
            try {
                int n = s.next.get();
                if (sender.test(n)) {
                    s.next.incrementAndGet();
                }
            } catch (Throwable t) {
                s.failure.compareAndSet(null, t);
                throw new IllegalStateException(t);
            }
        }, 0, 1_000_000 / perSecond, TimeUnit.MICROSECONDS);
        return s;
    }

    /** Sends nothing until {@link #resume()}; the numbers go on where they stopped. */
    void pause() {
        paused = true;
    }

    void resume() {
        paused = false;
    }

    /** Numbers sent so far. */
    int sent() {
        return next.get() - 1;
    }

    /** Stops the stream; throws what stopped it early, if anything did. */
    void stop() throws InterruptedException {
        timer.shutdown();
        timer.awaitTermination(10, TimeUnit.SECONDS);
        Throwable t = failure.get();
        if (t != null) {
            throw new AssertionError("the stream stopped early", t);
        }
    }
}
