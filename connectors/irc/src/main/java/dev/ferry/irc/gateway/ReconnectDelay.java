package dev.ferry.irc.gateway;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with ±20 % jitter, so many puppets do not reconnect in one burst. */
final class ReconnectDelay {

    /** The usual bounds, shared: every puppet holds a ReconnectDelay. */
    static final Duration FIRST = Duration.ofSeconds(1);
    static final Duration MAX = Duration.ofSeconds(60);

    private final Duration initial;
    private final Duration max;
    private Duration next;

    ReconnectDelay(Duration initial, Duration max) {
        this.initial = initial;
        this.max = max;
        this.next = initial;
    }

    synchronized Duration next() {
        Duration current = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(max) > 0 ? max : doubled;
        double jitter = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
        return Duration.ofMillis(Math.max(1, (long) (current.toMillis() * jitter)));
    }

    synchronized void reset() {
        next = initial;
    }
}
