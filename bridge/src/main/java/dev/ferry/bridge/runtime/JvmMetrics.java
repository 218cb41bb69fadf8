package dev.ferry.bridge.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;

/**
 * The JVM's own figures on {@code /metrics}: heap and its pools, collector pauses and bytes
 * allocated ({@code jvm_gc_memory_allocated_bytes_total}), threads, CPU, uptime. An operator
 * watching a busy gateway's latency wants to see the collector next to it (at 500 lines/s it runs
 * a concurrent cycle every 13-20 s, src/docs/PERFORMANCE.md).
 */
final class JvmMetrics {

    private JvmMetrics() {
    }

    /** Binds them to {@code registry}; the returned close stops the collector listener. */
    static AutoCloseable bindTo(MeterRegistry registry) {
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        return gc;
    }
}
