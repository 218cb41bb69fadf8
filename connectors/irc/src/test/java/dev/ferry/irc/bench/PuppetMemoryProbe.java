package dev.ferry.irc.bench;

import dev.ferry.irc.gateway.IrcConnector;
import dev.ferry.mappings.store.Store;
import dev.ferry.mappings.store.StoreSettings;
import dev.ferry.spi.Address;
import dev.ferry.spi.ConnectorContext;
import dev.ferry.spi.Delivery;
import dev.ferry.spi.RoomEvent;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.ObjectName;

/**
 * What one puppet session costs on the heap, without XMPP in the way: {@code n} users each join
 * their own channel on a real IRC server through the connector, then a full GC, heap used and a
 * class histogram of the difference. Run by hand against ngIRCd:
 * {@code java -cp ... dev.ferry.irc.bench.PuppetMemoryProbe <ircPort> <users> [histogramLines] [settleSeconds]}.
 */
public final class PuppetMemoryProbe {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int users = Integer.parseInt(args[1]);
        int lines = args.length > 2 ? Integer.parseInt(args[2]) : 40;
        // Seconds to wait after the last join before measuring: 0 measures sessions just joined (their
        // set-up timers still pending), 20 the steady state of puppets that sit in their channels.
        int settleSeconds = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        Path dir = Files.createTempDirectory("ferry-memprobe");
        AtomicInteger selfJoins = new AtomicInteger();
        try (Store store = Store.open(StoreSettings.h2(dir)); IrcConnector irc = new IrcConnector()) {
            irc.start(new ConnectorContext("irc.localhost", Map.of("default-port", port, "tls", false,
                    "flood-burst", 1000, "flood-lines-per-second", 1000000), store), event -> {
                        if (event instanceof RoomEvent r && r.self() && r.kind() == RoomEvent.Kind.JOIN) {
                            selfJoins.incrementAndGet();
                        }
                        return CompletableFuture.completedFuture(Delivery.delivered());
                    });
            // Warm up class loading and the event loop with one user, then measure the rest.
            join(irc, 0);
            await(selfJoins, 1);
            String before = histogram();
            long heapBefore = usedAfterGc();
            long rssBefore = rssKib();
            Map<String, Long> nativeBefore = nativeMemory();
            long start = System.nanoTime();
            for (int i = 1; i <= users; i++) {
                join(irc, i);
                if (i % 50 == 0) {
                    await(selfJoins, i + 1);
                }
            }
            await(selfJoins, users + 1);
            long joinMillis = (System.nanoTime() - start) / 1_000_000;
            Thread.sleep(settleSeconds * 1000L);
            long heapAfter = usedAfterGc();
            long rssAfter = rssKib();
            Map<String, Long> nativeAfter = nativeMemory();
            String after = histogram();
            System.out.printf("users=%d join=%d ms heap/session=%.1f KiB histogram/session=%.2f KiB rss/session=%.1f KiB%n",
                    users, joinMillis, (heapAfter - heapBefore) / 1024.0 / users, total(before, after) / 1024.0 / users,
                    (rssAfter - rssBefore) / (double) users);
            if (!nativeAfter.isEmpty()) {
                StringBuilder nmt = new StringBuilder("native memory committed per session (NMT):");
                nativeAfter.forEach((area, kib) -> nmt.append(String.format(" %s=%.2f KiB", area,
                        (kib - nativeBefore.getOrDefault(area, 0L)) / (double) users)));
                System.out.println(nmt);
            }
            System.out.println(diff(before, after, users, lines));
        }
    }

    private static void join(IrcConnector irc, int i) {
        Address user = new Address("user" + i, "localhost", "probe");
        Address room = new Address("#mem" + i + "%127.0.0.1", "irc.localhost", "nick" + i);
        irc.open(user).send(new RoomEvent(user, room, RoomEvent.Kind.JOIN, Optional.empty(), Optional.empty(),
                RoomEvent.Role.PARTICIPANT, RoomEvent.Affiliation.NONE, false, Optional.empty()));
    }

    private static void await(AtomicInteger counter, int n) throws InterruptedException {
        long deadline = System.nanoTime() + 300_000_000_000L;
        while (counter.get() < n) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + counter.get() + " of " + n + " joined");
            }
            Thread.sleep(20);
        }
    }

    private static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return heap.getUsed();
    }

    private static String histogram() throws Exception {
        return (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
    }

    /** Resident set size of this process (heap pre-touched by -Xms + -XX:+AlwaysPreTouch, so growth is off-heap). */
    private static long rssKib() throws java.io.IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }

    /**
     * Committed native memory by area when the JVM runs with -XX:NativeMemoryTracking=summary
     * (NIO direct buffers count under "Other"); empty otherwise.
     */
    private static Map<String, Long> nativeMemory() {
        Map<String, Long> areas = new java.util.TreeMap<>();
        String summary;
        try {
            summary = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmNativeMemory",
                    new Object[] {new String[] {"summary"}}, new String[] {String[].class.getName()});
        } catch (Exception e) {
            return areas;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("-\\s+([A-Za-z ]+?) \\(reserved=\\d+KB, committed=(\\d+)KB\\)").matcher(summary);
        while (m.find()) {
            areas.put(m.group(1).trim().replace(' ', '-'), Long.parseLong(m.group(2)));
        }
        return areas;
    }

    /** Growth of all live objects, in bytes: steadier than heap used, which moves with GC timing. */
    private static long total(String before, String after) {
        Map<String, long[]> b = parse(before);
        return parse(after).entrySet().stream()
                .mapToLong(e -> e.getValue()[1] - b.getOrDefault(e.getKey(), new long[2])[1]).sum();
    }

    /** Bytes per session by class, largest first. */
    private static String diff(String before, String after, int users, int lines) {
        Map<String, long[]> b = parse(before);
        Map<String, long[]> a = parse(after);
        StringBuilder out = new StringBuilder();
        a.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), new long[] {
                        e.getValue()[0] - b.getOrDefault(e.getKey(), new long[2])[0],
                        e.getValue()[1] - b.getOrDefault(e.getKey(), new long[2])[1]}))
                .sorted((x, y) -> Long.compare(y.getValue()[1], x.getValue()[1]))
                .limit(lines)
                .forEach(e -> out.append(String.format("%8.2f inst %8.1f B  %s%n",
                        e.getValue()[0] / (double) users, e.getValue()[1] / (double) users, e.getKey())));
        return out.toString();
    }

    private static Map<String, long[]> parse(String histogram) {
        Map<String, long[]> m = new java.util.HashMap<>();
        for (String line : histogram.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4 && f[0].endsWith(":")) {
                m.put(f[3], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
            }
        }
        return m;
    }
}
