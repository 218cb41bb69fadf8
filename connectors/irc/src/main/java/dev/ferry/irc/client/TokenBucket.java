package dev.ferry.irc.client;

/**
 * A token bucket: {@code burst} tokens at most, refilled at {@code ratePerSecond}. Pure arithmetic on
 * a caller-supplied clock (nanoseconds), so it is tested without sleeping and used on one event loop
 * without locks.
 */
final class TokenBucket {

    private final double capacity;
    private final double ratePerNano;
    private double tokens;
    private long lastRefill;

    TokenBucket(int burst, double ratePerSecond, long nowNanos) {
        this.capacity = burst;
        this.ratePerNano = ratePerSecond / 1e9;
        this.tokens = burst;
        this.lastRefill = nowNanos;
    }

    /** Takes a token if one is available. */
    boolean tryTake(long nowNanos) {
        refill(nowNanos);
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** Nanoseconds until a token will be available (0 if one is now). */
    long nanosUntilToken(long nowNanos) {
        refill(nowNanos);
        return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / ratePerNano);
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - lastRefill;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * ratePerNano);
            lastRefill = nowNanos;
        }
    }
}
