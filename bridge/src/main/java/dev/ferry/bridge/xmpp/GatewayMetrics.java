package dev.ferry.bridge.xmpp;

import io.micrometer.core.instrument.MeterRegistry;

/** The counters an operator watches per component domain; exported on /metrics. */
public final class GatewayMetrics {

    private final MeterRegistry registry;

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public MeterRegistry registry() {
        return registry;
    }

    void stanzaIn(String domain) {
        registry.counter("ferry.stanzas.in", "domain", domain).increment();
    }

    void stanzaOut(String domain) {
        registry.counter("ferry.stanzas.out", "domain", domain).increment();
    }

    void errorSent(String domain, String condition) {
        registry.counter("ferry.stanza.errors.sent", "domain", domain, "condition", condition).increment();
    }

    void rejected(String domain, String reason) {
        registry.counter("ferry.stanzas.rejected", "domain", domain, "reason", reason).increment();
    }

    void linkDown(String domain, String kind) {
        registry.counter("ferry.link.failures", "domain", domain, "kind", kind).increment();
    }
}
