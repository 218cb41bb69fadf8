package dev.ferry.bridge.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GcPausesTest {

    @ParameterizedTest
    @CsvSource({
            // the beans' names in JDK 17 (ManagementFactory.getGarbageCollectorMXBeans() under each collector)
            "G1 Young Generation, true",
            "G1 Old Generation, true",
            "PS Scavenge, true",
            "PS MarkSweep, true",
            "Copy, true",
            "MarkSweepCompact, true",
            "Shenandoah Pauses, true",
            "Shenandoah Cycles, false",
            "ZGC Pauses, true",
            "ZGC Cycles, false",
            "G1 Concurrent GC, false"})
    void countsPausesNotConcurrentCycles(String bean, boolean pause) {
        assertThat(GcPauses.isPauseBean(bean)).isEqualTo(pause);
    }

    @Test
    void aCollectionInTheWindowIsCounted() {
        GcPauses pauses = GcPauses.listen();
        GcPauses.Window mark = pauses.mark();
        System.gc();
        // Notifications arrive on a JMX thread, a moment after the pause.
        await().atMost(Duration.ofSeconds(10)).until(() -> pauses.since(mark).count() >= 1);
        assertThat(pauses.since(mark).totalMillis()).isGreaterThanOrEqualTo(pauses.since(mark).maxMillis());
    }
}
