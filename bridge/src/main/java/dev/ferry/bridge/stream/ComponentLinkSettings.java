package dev.ferry.bridge.stream;

import java.time.Duration;
import java.util.Objects;

/**
 * Everything one {@link ComponentLink} needs to reach the XMPP server's component port (XEP-0114).
 *
 * @param domain            the component domain the server knows us as, e.g. {@code irc.localhost}
 * @param host              the XMPP server's host
 * @param port              its component port (Prosody: 5347)
 * @param secret            the shared component secret; never printed by {@link #toString()}
 * @param maxStanzaBytes    the largest top-level element accepted from the server, in bytes
 * @param keepaliveInterval a single space is written when nothing else was written for this long
 * @param initialBackoff    the first reconnect delay; doubled after each failure
 * @param maxBackoff        the cap on the reconnect delay
 * @param connectTimeout    how long TCP connect, and separately the handshake, may take
 * @param failFast          a refused handshake (wrong secret, unknown domain) stops the link instead of retrying
 */
public record ComponentLinkSettings(String domain, String host, int port, String secret,
        int maxStanzaBytes, Duration keepaliveInterval,
        Duration initialBackoff, Duration maxBackoff,
        Duration connectTimeout, boolean failFast) {

    public static final int DEFAULT_MAX_STANZA_BYTES = 256 * 1024;
    /** Below this even a server's stream header or a disco reply would not fit. */
    static final int MIN_STANZA_BYTES = 1024;

    public ComponentLinkSettings {
        Objects.requireNonNull(secret, "secret");
        if (domain == null || domain.isBlank()) {
            throw new IllegalArgumentException("component domain is empty");
        }
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("component " + domain + ": XMPP server host is empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("component " + domain + ": port " + port + " is not in 1..65535");
        }
        if (maxStanzaBytes < MIN_STANZA_BYTES) {
            throw new IllegalArgumentException("component " + domain + ": maxStanzaBytes " + maxStanzaBytes
                    + " is below " + MIN_STANZA_BYTES);
        }
        requirePositive(domain, "keepaliveInterval", keepaliveInterval);
        requirePositive(domain, "initialBackoff", initialBackoff);
        requirePositive(domain, "maxBackoff", maxBackoff);
        requirePositive(domain, "connectTimeout", connectTimeout);
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("component " + domain + ": maxBackoff " + maxBackoff
                    + " is shorter than initialBackoff " + initialBackoff);
        }
    }

    /** Settings with the defaults: 256 KiB stanzas, 60 s keepalive, backoff 1 s to 60 s, 10 s connect timeout, retry forever. */
    public static ComponentLinkSettings of(String domain, String host, int port, String secret) {
        return new ComponentLinkSettings(domain, host, port, secret, DEFAULT_MAX_STANZA_BYTES,
                Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofSeconds(60),
                Duration.ofSeconds(10), false);
    }

    public ComponentLinkSettings withMaxStanzaBytes(int bytes) {
        return new ComponentLinkSettings(domain, host, port, secret, bytes, keepaliveInterval,
                initialBackoff, maxBackoff, connectTimeout, failFast);
    }

    public ComponentLinkSettings withKeepaliveInterval(Duration interval) {
        return new ComponentLinkSettings(domain, host, port, secret, maxStanzaBytes, interval,
                initialBackoff, maxBackoff, connectTimeout, failFast);
    }

    public ComponentLinkSettings withBackoff(Duration initial, Duration max) {
        return new ComponentLinkSettings(domain, host, port, secret, maxStanzaBytes, keepaliveInterval,
                initial, max, connectTimeout, failFast);
    }

    public ComponentLinkSettings withConnectTimeout(Duration timeout) {
        return new ComponentLinkSettings(domain, host, port, secret, maxStanzaBytes, keepaliveInterval,
                initialBackoff, maxBackoff, timeout, failFast);
    }

    public ComponentLinkSettings withFailFast(boolean stopOnRefusedHandshake) {
        return new ComponentLinkSettings(domain, host, port, secret, maxStanzaBytes, keepaliveInterval,
                initialBackoff, maxBackoff, connectTimeout, stopOnRefusedHandshake);
    }

    /** {@code host:port}, as people write it in messages. */
    public String endpoint() {
        return host + ":" + port;
    }

    @Override
    public String toString() {
        // The secret is deliberately left out: this string ends up in logs and exception messages.
        return "ComponentLinkSettings[domain=" + domain + ", endpoint=" + endpoint() + ", secret=***"
                + ", maxStanzaBytes=" + maxStanzaBytes + ", keepaliveInterval=" + keepaliveInterval
                + ", initialBackoff=" + initialBackoff + ", maxBackoff=" + maxBackoff
                + ", connectTimeout=" + connectTimeout + ", failFast=" + failFast + "]";
    }

    private static void requirePositive(String domain, String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("component " + domain + ": " + name + " must be positive, got " + value);
        }
    }
}
