package dev.ferry.bridge.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Where the CPU went during one row, in cores busy: the Smack client threads, the rest of this JVM
 * (Ferry: Netty event loop, gateway worker, GC, ...) and the Prosody process. Two cores in total on
 * the target machine, so a party near 1.0 on a single-threaded path is the bottleneck.
 */
final class CpuMeter {

    /** Linux USER_HZ; /proc/<pid>/stat counts utime and stime in these ticks. */
    private static final double TICKS_PER_SECOND = 100.0;

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Path prosodyStat;

    private long startNanos;
    private Map<Long, Long> startThreadCpu;
    private long startProsodyTicks;
    private long startProcessTicks;

    CpuMeter(long prosodyPid) {
        this.prosodyStat = prosodyPid > 0 ? Path.of("/proc/" + prosodyPid + "/stat") : null;
    }

    record Usage(double client, double ferry, double prosody) {
    }

    void start() {
        startNanos = System.nanoTime();
        startThreadCpu = clientThreadCpu();
        startProsodyTicks = ticks(prosodyStat);
        startProcessTicks = ticks(Path.of("/proc/self/stat"));
    }

    Usage stop() {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        long clientNanos = 0;
        for (Map.Entry<Long, Long> e : clientThreadCpu().entrySet()) {
            clientNanos += e.getValue() - startThreadCpu.getOrDefault(e.getKey(), 0L);
        }
        double client = clientNanos / 1e9 / seconds;
        double process = (ticks(Path.of("/proc/self/stat")) - startProcessTicks) / TICKS_PER_SECOND / seconds;
        double prosody = (ticks(prosodyStat) - startProsodyTicks) / TICKS_PER_SECOND / seconds;
        return new Usage(client, Math.max(0, process - client), prosody);
    }

    /** CPU nanos of the load generator's threads: Smack's reader/writer/listeners and the bench's own. */
    private Map<Long, Long> clientThreadCpu() {
        Map<Long, Long> cpu = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && (info.getThreadName().startsWith("Smack") || info.getThreadName().startsWith("bench-"))) {
                long t = threads.getThreadCpuTime(info.getThreadId());
                if (t >= 0) {
                    cpu.put(info.getThreadId(), t);
                }
            }
        }
        return cpu;
    }

    /** The JVM's busiest threads over its whole life, to tell which single thread a saturated party is. */
    String topThreads(int n) {
        StringBuilder out = new StringBuilder();
        java.util.Arrays.stream(threads.getThreadInfo(threads.getAllThreadIds()))
                .filter(java.util.Objects::nonNull)
                .map(i -> Map.entry(i.getThreadName(), threads.getThreadCpuTime(i.getThreadId())))
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(n)
                .forEach(e -> out.append(String.format("  %-40s %8.1f s%n", e.getKey(), e.getValue() / 1e9)));
        return out.toString();
    }

    private static long ticks(Path stat) {
        if (stat == null) {
            return 0;
        }
        try {
            String s = Files.readString(stat);
            // Fields after the ")" closing the command name; utime and stime are fields 14 and 15.
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
