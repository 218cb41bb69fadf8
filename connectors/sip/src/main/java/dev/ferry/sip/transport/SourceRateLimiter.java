package dev.ferry.sip.transport;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests per source address: a token bucket each ({@code sip.rate-limit-per-second} steady,
 * {@code sip.rate-limit-burst} at once). A source past its bucket is told when to retry.
 */
public final class SourceRateLimiter {

    private final double perSecond;
    private final double burst;
    private final Map<InetAddress, double[]> buckets = new ConcurrentHashMap<>();

    public SourceRateLimiter(double perSecond, int burst) {
        this.perSecond = perSecond;
        this.burst = burst;
    }

    /** 0 when the request may pass, else the whole seconds to wait (at least 1). */
    public int retryAfter(InetAddress source, long nowNanos) {
        if (perSecond <= 0) {
            return 0;
        }
        if (buckets.size() > 100_000) {
            buckets.clear(); // a flood of spoofed sources must not grow the map without bound
        }
        double[] b = buckets.computeIfAbsent(source, s -> new double[] {burst, nowNanos});
        synchronized (b) {
            double tokens = Math.min(burst, b[0] + (nowNanos - (long) b[1]) / 1e9 * perSecond);
            b[1] = nowNanos;
            if (tokens >= 1) {
                b[0] = tokens - 1;
                return 0;
            }
            b[0] = tokens;
            return (int) Math.max(1, Math.ceil((1 - tokens) / perSecond));
        }
    }
}
