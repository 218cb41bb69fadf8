package dev.ferry.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesWithJitterUpToTheCapThenResets() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60));
        long[] bases = {1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000};
        for (long base : bases) {
            assertThat(backoff.next().toMillis()).isBetween(Math.round(base * 0.8), Math.round(base * 1.2));
        }
        backoff.reset();
        assertThat(backoff.next().toMillis()).isBetween(800L, 1200L);
    }

    @Test
    void jitterActuallyVaries() {
        long distinct = java.util.stream.IntStream.range(0, 50)
                .mapToLong(i -> new Backoff(Duration.ofSeconds(10), Duration.ofSeconds(60)).next().toMillis())
                .distinct().count();
        assertThat(distinct).isGreaterThan(5);
    }
}
