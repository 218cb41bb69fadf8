package dev.ferry.bridge.bench;

import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The heap a running JVM (Ferry's) has in use after a full GC, read with {@code jcmd}. Each
 * collector words {@code GC.heap_info} its own way, and Metaspace's "used" line follows them all,
 * so the heap's lines are picked by name: G1's one line, Parallel's and Serial's young + old,
 * Shenandoah's "N used", ZGC's "ZHeap used N".
 */
public final class JvmHeap {

    /** G1, Parallel (young and old) and Serial (young and old): "name total NK, used NK". */
    private static final Pattern GENERATION = Pattern.compile(
            "^\\s*(?:garbage-first heap|PSYoungGen|ParOldGen|def new generation|tenured generation)\\s+total \\d+K, used (\\d+)K");
    private static final Pattern SHENANDOAH = Pattern.compile("committed, (\\d+)([KMG]) used\\s*$");
    private static final Pattern ZGC = Pattern.compile("^\\s*ZHeap\\s+used (\\d+)([KMG])");

    private JvmHeap() {
    }

    /** KiB in use after {@code jcmd GC.run}; -1 if jcmd failed or the output is not understood. */
    public static long usedAfterFullGcKiB(long pid) {
        try {
            jcmd(pid, "GC.run");
            return usedKiB(jcmd(pid, "GC.heap_info"));
        } catch (Exception e) {
            System.err.println("jcmd failed: " + e);
            return -1;
        }
    }

    /** KiB in use, from {@code jcmd <pid> GC.heap_info} output; -1 if no collector's wording matches. */
    public static long usedKiB(String heapInfo) {
        long sum = 0;
        boolean found = false;
        for (String line : heapInfo.split("\n")) {
            Matcher g = GENERATION.matcher(line);
            Matcher s = SHENANDOAH.matcher(line);
            Matcher z = ZGC.matcher(line);
            if (g.find()) {
                sum += Long.parseLong(g.group(1));
                found = true;
            } else if (s.find()) {
                return kib(s.group(1), s.group(2));
            } else if (z.find()) {
                return kib(z.group(1), z.group(2));
            }
        }
        return found ? sum : -1;
    }

    private static long kib(String n, String unit) {
        long v = Long.parseLong(n);
        return switch (unit) {
            case "G" -> v * 1024 * 1024;
            case "M" -> v * 1024;
            default -> v;
        };
    }

    public static String jcmd(long pid, String cmd) throws Exception {
        Process p = new ProcessBuilder("jcmd", Long.toString(pid), cmd).redirectErrorStream(true).start();
        String s = new String(p.getInputStream().readAllBytes());
        p.waitFor(30, TimeUnit.SECONDS);
        return s;
    }
}
