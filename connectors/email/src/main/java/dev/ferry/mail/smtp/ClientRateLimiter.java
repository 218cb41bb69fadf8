package dev.ferry.mail.smtp;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Mails per client per minute, as a token bucket per client (burst = the minute's allowance): per
 * SMTP client address for incoming mail, per XMPP user for outgoing. Buckets of clients quiet for
 * ten minutes are forgotten.
 */
public final class ClientRateLimiter<K> {

    private final int perMinute;
    private final Map<K, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long last;
    }

    public ClientRateLimiter(int perMinute) {
        this.perMinute = perMinute;
    }

    /** Takes one mail's token; false when the client is over its rate. */
    public boolean tryAcquire(K client, long nowNanos) {
        if (perMinute <= 0) {
            return true;
        }
        if (buckets.size() > 10_000) {
            buckets.values().removeIf(b -> nowNanos - b.last > 600_000_000_000L);
        }
        Bucket b = buckets.computeIfAbsent(client, c -> {
            Bucket n = new Bucket();
            n.tokens = perMinute;
            n.last = nowNanos;
            return n;
        });
        synchronized (b) {
            b.tokens = Math.min(perMinute, b.tokens + (nowNanos - b.last) * perMinute / 60e9);
            b.last = nowNanos;
            if (b.tokens < 1) {
                return false;
            }
            b.tokens -= 1;
            return true;
        }
    }
}
