package dev.ferry.bridge.bench.irc;

import dev.ferry.bridge.bench.BenchArgs;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which of a gateway's slow lines came while a kernel thread held a CPU. On the 2-core VM the
 * benchmarks run on, DAMON's {@code kdamond.0} (proactive reclaim, sampling physical memory every
 * 500 ms) holds one core for ~20 ms, 12-16 ms of it on the CPU (up to ~40), about every 530 ms;
 * on shared cores nearly every line over 5 ms arrived during one of those passes
 * (src/docs/PERFORMANCE.md). This puts a figure on it for any run, so a tail can be told apart
 * from the gateway's own stalls.
 *
 * <p>Input: the loopback capture's text (as for {@link AddedLatency}) and {@code perf script} of
 * {@code sched:sched_switch} events recorded with {@code -k mono}, filtered to the kernel threads
 * of interest (latency.sh does both). A pass is the thread's time on a CPU, runs less than
 * {@link #PASS_GAP_MICROS} apart joined into one. Perf's monotonic clock is turned into the
 * capture's wall clock with this JVM's own offset between the two, so the analysis must run on the
 * machine and boot that recorded.
 *
 * <p>Args: {@code --capture FILE --sched FILE --irc-port PORT --component-port PORT [--slow-ms 5]}.
 */
public final class KernelPasses {

    /** Runs of the kernel thread closer than this belong to one pass. */
    static final long PASS_GAP_MICROS = 30_000;
    /** A line is counted in a pass when it entered the gateway within this of the pass. */
    static final long NEAR_MICROS = 5_000;

    private static final Pattern SWITCH = Pattern.compile(
            "\\[(\\d+)]\\s+(\\d+)\\.(\\d{6}): sched:sched_switch: prev_comm=(.*?) prev_pid=\\d+ .*==> next_comm=(.*?) next_pid=\\d+");

    /** One pass of the kernel thread: first on a CPU to last off it, and the CPU time it took, in µs. */
    record Pass(long startMicros, long endMicros, long cpuMicros) {
        boolean near(long micros) {
            return micros >= startMicros - NEAR_MICROS && micros <= endMicros + NEAR_MICROS;
        }
    }

    private KernelPasses() {
    }

    /**
     * The passes of threads whose name starts with {@code prefix}, from perf script's text; times
     * stay on perf's clock.
     */
    static List<Pass> read(BufferedReader in, String prefix) throws IOException {
        Map<Integer, Long> onCpuSince = new HashMap<>();
        List<long[]> runs = new ArrayList<>();
        String line;
        while ((line = in.readLine()) != null) {
            Matcher m = SWITCH.matcher(line);
            if (!m.find()) {
                continue;
            }
            int cpu = Integer.parseInt(m.group(1));
            long micros = Long.parseLong(m.group(2)) * 1_000_000 + Long.parseLong(m.group(3));
            if (m.group(4).startsWith(prefix)) {
                Long since = onCpuSince.remove(cpu);
                if (since != null) {
                    runs.add(new long[] {since, micros});
                }
            }
            if (m.group(5).startsWith(prefix)) {
                onCpuSince.put(cpu, micros);
            }
        }
        runs.sort((a, b) -> Long.compare(a[0], b[0]));
        List<Pass> passes = new ArrayList<>();
        for (long[] run : runs) {
            Pass last = passes.isEmpty() ? null : passes.get(passes.size() - 1);
            if (last != null && run[0] - last.endMicros() < PASS_GAP_MICROS) {
                passes.set(passes.size() - 1, new Pass(last.startMicros(), Math.max(last.endMicros(), run[1]),
                        last.cpuMicros() + run[1] - run[0]));
            } else {
                passes.add(new Pass(run[0], run[1], run[1] - run[0]));
            }
        }
        return passes;
    }

    /** Per row: lines, lines over {@code slowMicros}, how many of those entered near a pass, and the row's lines near one. */
    record RowShare(String gateway, String direction, int lines, int slow, int slowNearPass, int nearPass) {
    }

    static Map<Integer, RowShare> shares(List<AddedLatency.Line> lines, List<Pass> passes, long slowMicros) {
        Map<Integer, RowShare> rows = new TreeMap<>();
        for (AddedLatency.Line l : lines) {
            boolean slow = l.micros() > slowMicros;
            boolean near = nearAny(passes, l.inMicros());
            rows.merge(l.row(), new RowShare(l.gateway(), l.direction(), 1, slow ? 1 : 0, slow && near ? 1 : 0, near ? 1 : 0),
                    (a, b) -> new RowShare(a.gateway(), a.direction(), a.lines() + b.lines(), a.slow() + b.slow(),
                            a.slowNearPass() + b.slowNearPass(), a.nearPass() + b.nearPass()));
        }
        return rows;
    }

    /** Passes are few (two a second), so a scan is enough. */
    private static boolean nearAny(List<Pass> passes, long micros) {
        for (Pass p : passes) {
            if (p.near(micros)) {
                return true;
            }
        }
        return false;
    }

    static String table(Map<Integer, RowShare> rows, long slowMicros) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-5s %-8s %-10s %7s %13s %15s %19s%n",
                "row", "gateway", "direction", "lines", "over " + slowMicros / 1000 + " ms", "of them in pass", "all lines in pass"));
        rows.forEach((id, r) -> sb.append(String.format(Locale.ROOT, "%-5d %-8s %-10s %7d %13d %15d %19s%n",
                id, r.gateway(), r.direction(), r.lines(), r.slow(), r.slowNearPass(),
                r.nearPass() + String.format(Locale.ROOT, " (%.1f %%)", 100.0 * r.nearPass() / r.lines()))));
        return sb.toString();
    }

    public static void main(String[] args) throws IOException {
        AddedLatency capture = new AddedLatency(Integer.parseInt(BenchArgs.arg(args, "--irc-port", "16767")),
                Integer.parseInt(BenchArgs.arg(args, "--component-port", "19447")));
        try (BufferedReader in = Files.newBufferedReader(Path.of(BenchArgs.arg(args, "--capture", "capture.txt")),
                StandardCharsets.ISO_8859_1)) {
            capture.read(in);
        }
        String prefix = BenchArgs.arg(args, "--thread", "kdamond");
        List<Pass> onPerfClock;
        try (BufferedReader in = Files.newBufferedReader(Path.of(BenchArgs.arg(args, "--sched", "sched.txt")), StandardCharsets.UTF_8)) {
            onPerfClock = read(in, prefix);
        }
        // perf -k mono is CLOCK_MONOTONIC, as System.nanoTime is on Linux; the capture has wall-clock µs.
        long offset = System.currentTimeMillis() * 1000 - System.nanoTime() / 1000;
        List<Pass> passes = onPerfClock.stream()
                .map(p -> new Pass(p.startMicros() + offset, p.endMicros() + offset, p.cpuMicros())).toList();
        long slowMicros = Long.parseLong(BenchArgs.arg(args, "--slow-ms", "5")) * 1000;
        List<AddedLatency.Line> lines = capture.matched(new HashMap<>());
        if (passes.size() < 2) {
            System.out.println("Kernel threads '" + prefix + "*': " + passes.size() + " passes recorded; nothing to compare");
            return;
        }
        long span = passes.get(passes.size() - 1).startMicros() - passes.get(0).startMicros();
        long[] wall = passes.stream().mapToLong(p -> p.endMicros() - p.startMicros()).sorted().toArray();
        long[] cpu = passes.stream().mapToLong(Pass::cpuMicros).sorted().toArray();
        System.out.printf(Locale.ROOT, "Kernel thread '%s*' on the CPUs: %d passes, one every %.0f ms; a pass lasts %.1f ms (median; max %.1f)"
                        + " and takes %.1f ms of CPU (median; max %.1f)%n",
                prefix, passes.size(), span / 1000.0 / (passes.size() - 1), wall[wall.length / 2] / 1000.0,
                wall[wall.length - 1] / 1000.0, cpu[cpu.length / 2] / 1000.0, cpu[cpu.length - 1] / 1000.0);
        System.out.println("Lines that entered the gateway within " + NEAR_MICROS / 1000 + " ms of a pass:");
        System.out.print(table(shares(lines, passes, slowMicros), slowMicros));
    }
}
