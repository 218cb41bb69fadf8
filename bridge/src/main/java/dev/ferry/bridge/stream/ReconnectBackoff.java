package dev.ferry.bridge.stream;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reconnect delays: initial, doubled after each failure up to the cap, each with ±20% jitter so that
 * several links (or several Ferry processes) do not reconnect in lock-step after a server restart.
 * Not thread-safe: used from the link's event loop only.
 */
final class ReconnectBackoff {

    static final double JITTER = 0.2;

    private final long initialMillis;
    private final long maxMillis;
    private long nextMillis;

    ReconnectBackoff(Duration initial, Duration max) {
        this.initialMillis = Math.max(1, initial.toMillis());
        this.maxMillis = Math.max(initialMillis, max.toMillis());
        this.nextMillis = initialMillis;
    }

    /** The delay before the next attempt; grows the one after. */
    Duration next() {
        long base = nextMillis;
        nextMillis = Math.min(maxMillis, base * 2);
        double factor = 1 + ThreadLocalRandom.current().nextDouble(-JITTER, JITTER);
        return Duration.ofMillis(Math.max(1, Math.round(base * factor)));
    }

    /** After a connection was up: the next failure starts again from the initial delay. */
    void reset() {
        nextMillis = initialMillis;
    }
}
