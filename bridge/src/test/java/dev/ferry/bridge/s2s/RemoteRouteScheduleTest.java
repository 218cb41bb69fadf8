package dev.ferry.bridge.s2s;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When a route that cannot reach its remote server tries again. */
class RemoteRouteScheduleTest {

    static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    @ParameterizedTest(name = "attempt {0}, oldest queued {1} s ago, bounce after {2} s: next in {3} ms")
    @CsvSource({
            // backoff doubles from 1 s while nothing is close to its bound
            "1, 0, 600, 1000",
            "2, 3, 600, 2000",
            "5, 30, 600, 16000",
            // and stops at 60 s
            "7, 100, 600, 60000",
            "30, 200, 600, 60000",
            // but the attempt comes when the oldest stanza is due, not a whole backoff later
            "6, 15, 20, 5000",
            "7, 31, 60, 29000",
            // already due (a clock step, a slow attempt): at once
            "3, 25, 20, 0"})
    void waitsTheBackoffButNotPastTheBounceBound(int attempt, long oldestAgoSeconds, long bounceAfterSeconds, long expectedMillis) {
        assertThat(RemoteRoute.nextAttemptIn(attempt, NOW.minusSeconds(oldestAgoSeconds), Duration.ofSeconds(bounceAfterSeconds), NOW))
                .isEqualTo(Duration.ofMillis(expectedMillis));
    }
}
