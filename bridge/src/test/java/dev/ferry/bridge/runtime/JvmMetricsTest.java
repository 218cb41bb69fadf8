package dev.ferry.bridge.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class JvmMetricsTest {

    @Test
    void heapCollectorThreadsAndCpuAreOnTheRegistry() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (AutoCloseable gc = JvmMetrics.bindTo(registry)) {
            assertThat(registry.find("jvm.memory.used").tag("area", "heap").gauges()).isNotEmpty();
            assertThat(registry.find("jvm.gc.memory.allocated").counter()).isNotNull();
            assertThat(registry.find("jvm.threads.live").gauge()).isNotNull();
            assertThat(registry.find("process.cpu.usage").gauge()).isNotNull();
            assertThat(registry.find("process.uptime").timeGauge()).isNotNull();
        }
    }
}
