package dev.ferry.bridge.bench.irc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * Passes of a kernel thread from perf's sched_switch text, and which lines of a row came during
 * one. The sample is 2 s of {@code kdamond.0} on the benchmark VM ({@code perf record -e
 * sched:sched_switch --filter 'prev_comm ~ "kdamond*" || next_comm ~ "kdamond*"' -k mono -a}).
 */
class KernelPassesTest {

    static List<KernelPasses.Pass> sample() throws IOException {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
                KernelPassesTest.class.getResourceAsStream("/bench/kdamond-sched-switch.txt")), StandardCharsets.UTF_8))) {
            return KernelPasses.read(in, "kdamond");
        }
    }

    @Test
    void runsCloseTogetherAreOnePassAndItsCpuIsTheirSum() throws IOException {
        // Four passes about 520 ms apart; in the third, kdamond was preempted twice (prev_state=R+)
        // and came back within a millisecond, so its three runs make one pass.
        assertThat(sample()).containsExactly(
                new KernelPasses.Pass(41_395_220_088L, 41_395_230_476L, 4_017),
                new KernelPasses.Pass(41_395_736_077L, 41_395_740_257L, 4_180),
                new KernelPasses.Pass(41_396_244_120L, 41_396_260_483L, 15_883),
                new KernelPasses.Pass(41_396_788_109L, 41_396_809_443L, 21_096));
    }

    @Test
    void otherThreadsWithSpacesInTheirNamesAreNotTakenForIt() throws IOException {
        String line = "C1 CompilerThre 12777 [000] 41395.220838: sched:sched_switch: prev_comm=C1 CompilerThre prev_pid=12777"
                + " prev_prio=120 prev_state=S ==> next_comm=VM Periodic Tas next_pid=12780 next_prio=120";
        try (BufferedReader in = new BufferedReader(new java.io.StringReader(line))) {
            assertThat(KernelPasses.read(in, "kdamond")).isEmpty();
        }
    }

    @Test
    void aSlowLineCountsAsInAPassWhenItEnteredWithinFiveMillisecondsOfOne() {
        List<KernelPasses.Pass> passes = List.of(new KernelPasses.Pass(1_000_000, 1_020_000, 15_000));
        List<AddedLatency.Line> lines = List.of(
                new AddedLatency.Line(5, "ferry", "xmpp->irc", 996_000, 1_030_000),   // just before the pass, slow
                new AddedLatency.Line(5, "ferry", "xmpp->irc", 1_010_000, 1_011_000), // in it, fast
                new AddedLatency.Line(5, "ferry", "xmpp->irc", 1_026_000, 1_033_000), // 6 ms after it, slow
                new AddedLatency.Line(5, "ferry", "xmpp->irc", 2_000_000, 2_000_400),
                new AddedLatency.Line(6, "ferry", "irc->xmpp", 1_024_000, 1_024_300));
        Map<Integer, KernelPasses.RowShare> rows = KernelPasses.shares(lines, passes, 5_000);
        assertThat(rows.get(5)).isEqualTo(new KernelPasses.RowShare("ferry", "xmpp->irc", 4, 2, 1, 2));
        assertThat(rows.get(6)).isEqualTo(new KernelPasses.RowShare("ferry", "irc->xmpp", 1, 0, 0, 1));
    }
}
