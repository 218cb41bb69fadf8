package dev.ferry.bridge.bench.harness;

import dev.ferry.bridge.e2e.SipSipp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;

/**
 * SIP MESSAGE to XMPP through Ferry and through Kamailio's xmpp module, the same SIPp load (UDP,
 * fixed rates, scenario src/bench/sip/message-uac-harness.xml) against each, one XMPP user (alice)
 * on the same Prosody counting what arrives. Per rate and gateway: SIPp's final-response time
 * (p50/p99/p999), the messages alice received and their rate (first to last arrival), and the
 * delivery lag: arrival minus the call's intended send time (call k is due at (k-1)/rate after
 * SIPp's start; the start is taken as the earliest arrival's due time, so the lag is above the
 * fastest message, which SIPp cannot timestamp for us).
 */
final class SipAnchorBench {

    /** One gateway as SIPp sees it. */
    record Target(String name, int port, String fromDomain) {
    }

    record Point(String gateway, int offered, int sent, String sippSuccess, String sippFailed, int delivered, double perSecond,
                 double rttP50, double rttP99, double rttP999, double lagP50, double lagP99, double lagP999) {
    }

    private final XMPPTCPConnection alice;
    private final Path scenario;
    private final int localPort;
    private final Path work;
    /** call number → arrival (nanos), per from-domain. */
    private final Map<String, Map<Integer, Long>> arrivals = new ConcurrentHashMap<>();

    SipAnchorBench(XMPPTCPConnection alice, Path scenario, int localPort, Path work) {
        this.alice = alice;
        this.scenario = scenario;
        this.localPort = localPort;
        this.work = work;
        alice.addAsyncStanzaListener(s -> {
            Message m = (Message) s;
            String[] f = m.getBody().trim().split(" ");
            if (f.length == 3 && f[0].equals("sipbench")) {
                arrivals.computeIfAbsent(m.getFrom().getDomain().toString(), d -> new ConcurrentHashMap<>())
                        .putIfAbsent(Integer.parseInt(f[2]), System.nanoTime());
            }
        }, s -> s instanceof Message m && m.getBody() != null && m.getBody().startsWith("sipbench ") && m.getFrom() != null);
    }

    List<Point> run(List<Target> targets, int[] rates, int seconds) throws Exception {
        List<Point> points = new ArrayList<>();
        // warm-up: JIT and connection set-up for both, not reported
        for (Target t : targets) {
            once(t, 200, 3, "warm");
        }
        for (int rate : rates) {
            for (Target t : targets) {
                System.err.println("measuring SIP->XMPP " + rate + "/s " + t.name() + " ...");
                points.add(once(t, rate, seconds, "run"));
            }
        }
        return points;
    }

    private Point once(Target t, int rate, int seconds, String tag) throws Exception {
        Map<Integer, Long> got = arrivals.computeIfAbsent(t.fromDomain(), d -> new ConcurrentHashMap<>());
        got.clear();
        int total = rate * seconds;
        Path dir = Files.createTempDirectory(work, "sipp-" + t.name() + "-" + rate + "-");
        Process p = new ProcessBuilder("sipp", "-sf", scenario.toString(), "-i", "127.0.0.1", "-p", Integer.toString(localPort),
                "-t", "u1", "-r", Integer.toString(rate), "-m", Integer.toString(total), "-l", "100000", "-nostdin",
                "-timeout", (seconds * 3 + 30) + "s", "-trace_rtt", "-rtt_freq", "100", "-s", "alice*localhost",
                "-key", "body", "sipbench " + tag, "-key", "from", "bob", "-key", "subject", "b", "-key", "ctype", "text/plain",
                "127.0.0.1:" + t.port())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("out").toFile()).start();
        if (!p.waitFor(seconds * 4L + 60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (got.size() < total && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Thread.sleep(300);
        List<Long> times = new ArrayList<>(got.values());
        Collections.sort(times);
        double elapsed = times.size() < 2 ? Double.NaN : (times.get(times.size() - 1) - times.get(0)) / 1e9;
        // delivery lag: arrival - due(k), origin = min over k of (arrival_k - offset_k)
        double interval = 1e9 / rate;
        long origin = Long.MAX_VALUE;
        for (Map.Entry<Integer, Long> e : got.entrySet()) {
            origin = Math.min(origin, e.getValue() - (long) ((e.getKey() - 1) * interval));
        }
        List<Double> lag = new ArrayList<>();
        for (Map.Entry<Integer, Long> e : got.entrySet()) {
            lag.add((e.getValue() - origin - (e.getKey() - 1) * interval) / 1e6);
        }
        Collections.sort(lag);
        List<Double> rtts = SipSipp.responseTimes(dir);
        String out = Files.readString(dir.resolve("out"));
        return new Point(t.name(), rate, total, SipSipp.finalCount(out, "Successful call"), SipSipp.finalCount(out, "Failed call"), got.size(),
                times.size() / elapsed, pct(rtts, 50), pct(rtts, 99), pct(rtts, 99.9), pct(lag, 50), pct(lag, 99), pct(lag, 99.9));
    }


    static double pct(List<Double> sorted, double p) {
        return sorted.isEmpty() ? Double.NaN : sorted.get(Math.max(0, Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)));
    }

    static String table(List<Point> points) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%nSIP MESSAGE -> XMPP (same SIPp load, UDP; alice on the same Prosody "
                + "counts arrivals); SIP response and delivery lag in ms%n"));
        sb.append(String.format(Locale.ROOT, "%-9s %8s %8s %9s %9s %9s %7s %7s %7s %8s %8s %8s%n", "gateway", "offered", "sent",
                "ok/fail", "delivered", "msgs/s", "rsp p50", "rsp p99", "p999", "lag p50", "lag p99", "lag p999"));
        for (Point p : points) {
            sb.append(String.format(Locale.ROOT, "%-9s %8d %8d %9s %9d %9.0f %7.2f %7.2f %7.2f %8.1f %8.1f %8.1f%n", p.gateway(), p.offered(),
                    p.sent(), p.sippSuccess() + "/" + p.sippFailed(), p.delivered(), p.perSecond(), p.rttP50(), p.rttP99(), p.rttP999(),
                    p.lagP50(), p.lagP99(), p.lagP999()));
        }
        return sb.toString();
    }
}
