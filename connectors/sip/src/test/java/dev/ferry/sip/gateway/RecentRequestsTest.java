package dev.ferry.sip.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RecentRequestsTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final RecentRequests<String> recent = new RecentRequests<>(TimeUnit.SECONDS.toNanos(32), 3, now::get);

    @Test
    void aCopyWithinTheWindowGetsTheFirstValue() {
        assertThat(recent.putIfAbsent("tag|call|1 MESSAGE", "202")).isNull();
        now.addAndGet(TimeUnit.SECONDS.toNanos(31));
        assertThat(recent.putIfAbsent("tag|call|1 MESSAGE", "500")).isEqualTo("202");
    }

    @Test
    void aCopyAfterTheWindowIsANewRequest() {
        recent.putIfAbsent("tag|call|1 MESSAGE", "202");
        now.addAndGet(TimeUnit.SECONDS.toNanos(32));
        assertThat(recent.putIfAbsent("tag|call|1 MESSAGE", "404")).isNull();
        assertThat(recent.putIfAbsent("tag|call|1 MESSAGE", "500")).isEqualTo("404");
    }

    @Test
    void expiredEntriesAreDroppedWithoutATimer() {
        recent.putIfAbsent("a", "1");
        now.addAndGet(TimeUnit.SECONDS.toNanos(20));
        recent.putIfAbsent("b", "2");
        now.addAndGet(TimeUnit.SECONDS.toNanos(13));
        assertThat(recent.size()).isEqualTo(1);
        assertThat(recent.putIfAbsent("b", "3")).isEqualTo("2");
    }

    @Test
    void pastTheBoundTheOldestIsForgottenFirst() {
        recent.putIfAbsent("a", "1");
        recent.putIfAbsent("b", "2");
        recent.putIfAbsent("c", "3");
        recent.putIfAbsent("d", "4");
        assertThat(recent.size()).isEqualTo(3);
        assertThat(recent.putIfAbsent("b", "x")).isEqualTo("2");
        assertThat(recent.putIfAbsent("a", "y")).isNull();
    }
}
