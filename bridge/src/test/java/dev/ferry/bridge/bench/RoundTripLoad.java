package dev.ferry.bridge.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jivesoftware.smack.XMPPConnection;
import org.jxmpp.jid.impl.JidCreate;

/**
 * Round trips client -> Prosody -> Ferry -> Prosody -> client with XEP-0199 pings to
 * {@code irc.localhost}, and the same workload against Prosody's own ping ({@code localhost}) as the
 * ceiling. Prints a table with the Ferry/Prosody ratio per row and writes it as JSON.
 *
 * <p>Args (all optional): {@code --seconds 10 --clients 1 --outstanding 1,8,32 --rates 500,1000,2000
 * --out target/bench/roundtrip.json}.
 */
public final class RoundTripLoad {


    /** One row of the table: the same workload against both targets. */
    record Row(String name, PingLoad.Result ferry, CpuMeter.Usage ferryCpu, PingLoad.Result prosody, CpuMeter.Usage prosodyCpu) {
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Throwable t) {
            t.printStackTrace();
            System.exit(1); // Smack and Ferry threads would otherwise keep a failed run alive
        }
        System.exit(0); // likewise: everything was closed in run()
    }

    static void run(String[] args) throws Exception {
        Thread.currentThread().setName("bench-driver"); // its CPU (the open-loop sender) counts as client
        int seconds = intArg(args, "--seconds", 10);
        int clientCount = intArg(args, "--clients", 1);
        int[] outstanding = intsArg(args, "--outstanding", "1,8,32");
        int[] rates = intsArg(args, "--rates", "500,1000,2000");
        Path out = Path.of(stringArg(args, "--out", "target/bench/roundtrip.json"));
        Duration window = Duration.ofSeconds(seconds);

        List<Row> rows = new ArrayList<>();
        String threads;
        try (LoadRig rig = new LoadRig("bench", 19222, 19347).start()) {
            List<XMPPConnection> clients = new ArrayList<>();
            for (int i = 0; i < clientCount; i++) {
                clients.add(rig.login("alice", "bench" + i));
            }
            PingLoad ferry = new PingLoad(clients, JidCreate.domainBareFrom("irc.localhost"));
            PingLoad prosody = new PingLoad(clients, JidCreate.domainBareFrom(LoadRig.DOMAIN));
            CpuMeter cpu = new CpuMeter(rig.prosodyPid());

            // Fail fast instead of printing a table of zeros when a target does not answer.
            ferry.probe();
            prosody.probe();
            // Warm-up: JIT for Ferry's and Smack's paths, Prosody's caches; not reported.
            System.err.println("warming up ...");
            ferry.closedLoop(8, Duration.ofSeconds(5));
            prosody.closedLoop(8, Duration.ofSeconds(3));
            ferry.openLoop(1000, Duration.ofSeconds(3));

            for (int n : outstanding) {
                rows.add(measure("closed N=" + n, cpu, () -> ferry.closedLoop(n, window), () -> prosody.closedLoop(n, window)));
            }
            for (int rate : rates) {
                rows.add(measure("open " + rate + "/s", cpu, () -> ferry.openLoop(rate, window), () -> prosody.openLoop(rate, window)));
            }
            threads = cpu.topThreads(8);
        }
        String table = table(rows, clientCount, seconds);
        System.out.print(table);
        System.out.println("busiest JVM threads (cumulative CPU):");
        System.out.print(threads);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, json(rows, clientCount, seconds));
        System.out.println("JSON: " + out.toAbsolutePath());
        if (rows.stream().anyMatch(r -> r.ferry().replies() == 0 || r.prosody().replies() == 0)) {
            throw new IllegalStateException("a row got no replies at all; see the log above");
        }
    }

    interface Workload {
        PingLoad.Result run() throws InterruptedException;
    }

    private static Row measure(String name, CpuMeter cpu, Workload ferry, Workload prosody) throws InterruptedException {
        System.err.println("measuring " + name + " ...");
        cpu.start();
        PingLoad.Result f = ferry.run();
        CpuMeter.Usage fc = cpu.stop();
        cpu.start();
        PingLoad.Result p = prosody.run();
        CpuMeter.Usage pc = cpu.stop();
        return new Row(name, f, fc, p, pc);
    }

    static String table(List<Row> rows, int clients, int seconds) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%nRound trips client -> Prosody -> Ferry (irc.localhost) vs Prosody alone (localhost); "
                + "%d client connection(s), %d s per row; latency in microseconds; CPU in cores (client/ferry-jvm/prosody)%n", clients, seconds));
        sb.append(String.format(Locale.ROOT, "%-13s %-8s %9s %8s %8s %8s %6s %6s  %s%n",
                "row", "target", "msgs/s", "p50", "p99", "p99.9", "lost", "errors", "cpu c/f/p"));
        for (Row r : rows) {
            line(sb, r.name(), "ferry", r.ferry(), r.ferryCpu());
            line(sb, "", "prosody", r.prosody(), r.prosodyCpu());
            sb.append(String.format(Locale.ROOT, "%-13s %-8s %8.2fx %7.2fx %7.2fx %7.2fx%n", "", "ratio F/P",
                    r.ferry().perSecond() / r.prosody().perSecond(),
                    ratio(r.ferry(), r.prosody(), 50), ratio(r.ferry(), r.prosody(), 99), ratio(r.ferry(), r.prosody(), 99.9)));
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, String name, String target, PingLoad.Result r, CpuMeter.Usage cpu) {
        sb.append(String.format(Locale.ROOT, "%-13s %-8s %9.0f %8d %8d %8d %6d %6d  %.2f/%.2f/%.2f%n", name, target, r.perSecond(),
                r.latencyMicros().getValueAtPercentile(50), r.latencyMicros().getValueAtPercentile(99),
                r.latencyMicros().getValueAtPercentile(99.9), r.lost(), r.errors(), cpu.client(), cpu.ferry(), cpu.prosody()));
    }

    private static double ratio(PingLoad.Result a, PingLoad.Result b, double percentile) {
        return (double) a.latencyMicros().getValueAtPercentile(percentile) / Math.max(1, b.latencyMicros().getValueAtPercentile(percentile));
    }

    static String json(List<Row> rows, int clients, int seconds) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "{\"clients\":%d,\"secondsPerRow\":%d,\"cores\":%d,\"rows\":[%n", clients, seconds,
                Runtime.getRuntime().availableProcessors()));
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            sb.append(String.format(Locale.ROOT, "  {\"row\":\"%s\",\"ferry\":%s,\"prosody\":%s,\"throughputRatio\":%.4f}%s%n",
                    r.name(), result(r.ferry(), r.ferryCpu()), result(r.prosody(), r.prosodyCpu()),
                    r.ferry().perSecond() / r.prosody().perSecond(), i < rows.size() - 1 ? "," : ""));
        }
        return sb.append("]}\n").toString();
    }

    private static String result(PingLoad.Result r, CpuMeter.Usage cpu) {
        return String.format(Locale.ROOT, "{\"msgsPerSecond\":%.1f,\"sent\":%d,\"replies\":%d,\"lost\":%d,\"errors\":%d,"
                + "\"p50us\":%d,\"p99us\":%d,\"p999us\":%d,\"maxUs\":%d,\"cpuClient\":%.3f,\"cpuFerryJvm\":%.3f,\"cpuProsody\":%.3f}",
                r.perSecond(), r.sent(), r.replies(), r.lost(), r.errors(),
                r.latencyMicros().getValueAtPercentile(50), r.latencyMicros().getValueAtPercentile(99),
                r.latencyMicros().getValueAtPercentile(99.9), r.latencyMicros().getMaxValue(),
                cpu.client(), cpu.ferry(), cpu.prosody());
    }

    private static int[] intsArg(String[] args, String name, String dflt) {
        return java.util.Arrays.stream(stringArg(args, name, dflt).split(",")).mapToInt(Integer::parseInt).toArray();
    }

    private static int intArg(String[] args, String name, int dflt) {
        return Integer.parseInt(stringArg(args, name, Integer.toString(dflt)));
    }

    private static String stringArg(String[] args, String name, String dflt) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return dflt;
    }
}
