package dev.ferry.spi;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reconnect delays for any link to a peer (component link, IRC puppet, mirror bot, IMAP watcher):
 * initial, doubled after each failure up to the cap, each with ±20 % jitter so that many links
 * (a thousand puppets, several Ferry processes) do not reconnect in lock-step after a server restart.
 * Small on purpose (three longs): every puppet holds one.
 */
public final class Backoff {

    static final double JITTER = 0.2;

    private final long initialMillis;
    private final long maxMillis;
    private long nextMillis;

    public Backoff(Duration initial, Duration max) {
        this.initialMillis = Math.max(1, initial.toMillis());
        this.maxMillis = Math.max(initialMillis, max.toMillis());
        this.nextMillis = initialMillis;
    }

    /** 1 s doubling to 60 s, the usual bounds. */
    public static Backoff standard() {
        return new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60));
    }

    /** The delay before the next attempt; grows the one after. */
    public synchronized Duration next() {
        long base = nextMillis;
        nextMillis = Math.min(maxMillis, base * 2);
        double factor = 1 + ThreadLocalRandom.current().nextDouble(-JITTER, JITTER);
        return Duration.ofMillis(Math.max(1, Math.round(base * factor)));
    }

    /** After a connection was up: the next failure starts again from the initial delay. */
    public synchronized void reset() {
        nextMillis = initialMillis;
    }
}
