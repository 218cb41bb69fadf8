package dev.ferry.bridge.bench.harness;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.bridge.bench.JvmHeap;
import dev.ferry.bridge.bench.irc.RawIrc;
import dev.ferry.bridge.e2e.MailSmtpClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * The soak (src/bench/soak.sh): moderate mixed load on the Ferry process for a bounded time, then
 * a quiet period; Ferry's heap after a full GC, live threads, RSS, open file descriptors and IRC
 * puppet sessions sampled all along. Load: {@code users} XMPP users in one IRC channel through
 * Ferry exchanging messages both ways at {@code rate}/s each way, a churn user who every 15 s logs
 * in, joins a channel of their own (a new puppet session), talks and leaves, SIP MESSAGEs from
 * SIPp at {@code rate}/s and one mail a second each way. At the end: a least-squares trend of heap
 * and threads over the loaded period (after a warm-up fifth) and a verdict, and whether threads and
 * puppet sessions went back to their level from before the load.
 *
 * <p>Args: {@code --c2s --irc-port --ferry-sip --sipp-port --smtp --sink --ferry-pid --minutes
 * --sample-seconds --drain-seconds --rate --users --scenario --out}.
 */
public final class Soak {

    record Sample(double minute, String phase, long heapKiB, long rssKiB, int threads, int fds, int ircSessions, long relayed) {
    }

    public static void main(String[] a) {
        int rc = 0;
        try {
            rc = run(a) ? 0 : 2;
        } catch (Throwable t) {
            t.printStackTrace();
            rc = 1;
        }
        System.exit(rc);
    }

    static boolean run(String[] a) throws Exception {
        Harness.run0(a);
        Roster.setRosterLoadedAtLoginDefault(false);
        int c2s = Integer.parseInt(Harness.arg("--c2s", "14022"));
        int ircPort = Integer.parseInt(Harness.arg("--irc-port", "14667"));
        long pid = Long.parseLong(Harness.arg("--ferry-pid", "0"));
        double minutes = Double.parseDouble(Harness.arg("--minutes", "20"));
        int sampleSeconds = Integer.parseInt(Harness.arg("--sample-seconds", "10"));
        int drainSeconds = Integer.parseInt(Harness.arg("--drain-seconds", "90"));
        int rate = Integer.parseInt(Harness.arg("--rate", "20"));
        int users = Integer.parseInt(Harness.arg("--users", "5"));
        Path out = Files.createDirectories(Path.of(Harness.arg("--out", "bench-results/soak")));
        List<Sample> samples = new ArrayList<>();
        long t0 = System.nanoTime();
        AtomicLong relayed = new AtomicLong();

        System.out.println("load average at start: " + Machine.loadAverage());
        Thread.sleep(2000);
        samples.add(sample(pid, ircPort, t0, "before", relayed));
        Sample before = samples.get(0);

        // ---- load
        List<XMPPTCPConnection> conns = new ArrayList<>();
        List<MultiUserChat> mucs = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            XMPPTCPConnection c = Harness.login(c2s, "u" + i, "alice");
            conns.add(c);
            MultiUserChat muc = MultiUserChatManager.getInstanceFor(c).getMultiUserChat(JidCreate.entityBareFrom("#soak%localhost@irc.localhost"));
            muc.addMessageListener(m -> relayed.incrementAndGet());
            muc.join(muc.getEnterConfigurationBuilder(Resourcepart.from("s" + i)).requestNoHistory().build());
            mucs.add(muc);
        }
        RawIrc watcher = new RawIrc(ircPort, "soakw");
        watcher.send("JOIN #soak");
        watcher.onLine(l -> {
            if (l.contains(" PRIVMSG #soak :")) {
                relayed.incrementAndGet();
            }
        });
        XMPPTCPConnection alice = Harness.login(c2s, "alice", "alice");
        XMPPTCPConnection bob = Harness.login(c2s, "bob", "bob");
        alice.addAsyncStanzaListener(s -> relayed.incrementAndGet(), s -> s instanceof Message m && m.getBody() != null);
        MailLoad mail = new MailLoad(Integer.parseInt(Harness.arg("--sink", "14026")), Integer.parseInt(Harness.arg("--smtp", "14025")), alice, bob);
        long loadNanos = (long) (minutes * 60e9);
        Process sipp = new ProcessBuilder("sipp", "-sf", Harness.arg("--scenario", "src/bench/sip/message-uac-harness.xml"), "-i", "127.0.0.1",
                "-p", Harness.arg("--sipp-port", "14071"), "-t", "u1", "-r", Integer.toString(rate),
                "-m", Long.toString((long) (rate * minutes * 60)), "-nostdin", "-s", "alice*localhost",
                "-key", "body", "soak", "-key", "from", "bob", "-key", "subject", "s", "-key", "ctype", "text/plain",
                "127.0.0.1:" + Harness.arg("--ferry-sip", "14060"))
                .redirectErrorStream(true).redirectOutput(out.resolve("sipp.out").toFile()).start();

        Thread load = new Thread(() -> {
            long start = System.nanoTime();
            long seq = 0;
            int churn = 0;
            try (MailSmtpClient smtp = new MailSmtpClient(Integer.parseInt(Harness.arg("--smtp", "14025")), 60_000)) {
                while (System.nanoTime() - start < loadNanos) {
                    long tick = System.nanoTime();
                    for (int k = 0; k < rate; k++) {
                        mucs.get((int) (seq % mucs.size())).sendMessage("soak x2i " + seq);
                        watcher.send("PRIVMSG #soak :soak i2x " + seq);
                        seq++;
                    }
                    MailSmtpClient.expect(smtp.command("MAIL FROM:<soak@mail.example>"), 250);
                    MailSmtpClient.expect(smtp.command("RCPT TO:<alice*localhost@mail.localhost>"), 250);
                    MailSmtpClient.expect(smtp.command("DATA"), 354);
                    MailSmtpClient.expect(smtp.command("From: Soak <soak@mail.example>\r\nTo: alice*localhost@mail.localhost\r\nSubject: soak " + seq
                            + "\r\nMessage-ID: <soak-" + seq + "@mail.example>\r\n\r\nsoak mail " + seq + "\r\n."), 250);
                    alice.sendStanza(StanzaBuilder.buildMessage().to(JidCreate.from("carol%mail.example@mail.localhost"))
                            .ofType(Message.Type.chat).setBody("soak mail out " + seq).build());
                    if (seq / rate % 15 == 0) {
                        churn(c2s, 20 + churn++ % 20);
                    }
                    long left = TimeUnit.SECONDS.toNanos(1) - (System.nanoTime() - tick);
                    if (left > 0) {
                        TimeUnit.NANOSECONDS.sleep(left);
                    }
                }
            } catch (Exception e) {
                System.err.println("soak load stopped early: " + e);
            }
        }, "soak-load");
        load.start();
        while (load.isAlive()) {
            load.join(TimeUnit.SECONDS.toMillis(sampleSeconds));
            Sample s = sample(pid, ircPort, t0, "load", relayed);
            samples.add(s);
            System.out.printf(Locale.ROOT, "%6.1f min  heap %7d KiB  rss %7d KiB  threads %4d  fds %4d  irc sessions %3d  relayed %d%n",
                    s.minute(), s.heapKiB(), s.rssKiB(), s.threads(), s.fds(), s.ircSessions(), s.relayed());
        }
        double loadEnd = (System.nanoTime() - t0) / 60e9;

        // ---- load stops: everyone leaves
        sipp.destroy();
        watcher.close();
        for (XMPPTCPConnection c : conns) {
            c.disconnect();
        }
        alice.disconnect();
        bob.disconnect();
        mail.close();
        long drainEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(drainSeconds);
        while (System.nanoTime() < drainEnd) {
            Thread.sleep(TimeUnit.SECONDS.toMillis(sampleSeconds));
            Sample s = sample(pid, ircPort, t0, "after", relayed);
            samples.add(s);
            System.out.printf(Locale.ROOT, "%6.1f min  heap %7d KiB  rss %7d KiB  threads %4d  fds %4d  irc sessions %3d  (load stopped)%n",
                    s.minute(), s.heapKiB(), s.rssKiB(), s.threads(), s.fds(), s.ircSessions());
        }
        return report(samples, before, loadEnd, minutes, out);
    }

    /** A user logs in, joins a channel of their own through Ferry (a new puppet session), says one thing and leaves. */
    static void churn(int c2s, int user) {
        try {
            XMPPTCPConnection c = Harness.login(c2s, "u" + user, "alice");
            MultiUserChat muc = MultiUserChatManager.getInstanceFor(c)
                    .getMultiUserChat(JidCreate.entityBareFrom("#churn" + user + "%localhost@irc.localhost"));
            muc.join(muc.getEnterConfigurationBuilder(Resourcepart.from("c" + user)).requestNoHistory().build());
            muc.sendMessage("churn " + user);
            c.disconnect();
        } catch (Exception e) {
            System.err.println("churn user " + user + ": " + e);
        }
    }

    static boolean report(List<Sample> samples, Sample before, double loadEnd, double minutes, Path out) throws Exception {
        List<Sample> loaded = samples.stream().filter(s -> s.phase().equals("load") && s.minute() >= loadEnd * 0.2).toList();
        Trend heap = Trend.of(loaded.stream().map(s -> new double[] {s.minute(), s.heapKiB()}).toList());
        Trend threads = Trend.of(loaded.stream().map(s -> new double[] {s.minute(), s.threads()}).toList());
        Trend rss = Trend.of(loaded.stream().map(s -> new double[] {s.minute(), s.rssKiB()}).toList());
        double window = loaded.isEmpty() ? 0 : loaded.get(loaded.size() - 1).minute() - loaded.get(0).minute();
        double heapGrowth = heap.slope() * window;
        double meanHeap = loaded.stream().mapToLong(Sample::heapKiB).average().orElse(0);
        // Growth within noise: what the trend adds over the window is under 3 residual standard
        // deviations, or under 2 % of the mean live heap (a few hundred KiB of caches filling up).
        boolean heapOk = heapGrowth <= Math.max(3 * heap.residualSd(), 0.02 * meanHeap);
        boolean threadsOk = threads.slope() * window <= Math.max(3 * threads.residualSd(), 2);
        Sample last = samples.get(samples.size() - 1);
        // Baseline for "back after the load": the first loaded sample after the warm-up, not the
        // sample from before any traffic: pools (IRC event loops, SMTP sessions, JIT compiler
        // threads) start lazily on first use and stay, which is not a leak; a leak grows with the
        // load, which the trend and this comparison catch.
        Sample baseline = loaded.isEmpty() ? before : loaded.get(0);
        boolean threadsBack = last.threads() <= baseline.threads() + 2;
        boolean sessionsBack = last.ircSessions() <= before.ircSessions();
        boolean pass = heapOk && threadsOk && threadsBack && sessionsBack;

        ObjectNode root = Harness.JSON.createObjectNode();
        root.put("finishedAt", Instant.now().toString());
        root.set("machine", Machine.facts(Harness.arg("--versions", "")));
        root.put("loadMinutes", minutes);
        root.put("loadAverageEnd", Machine.loadAverage());
        ObjectNode v = root.putObject("verdict");
        v.put("heapSlopeKiBPerMinute", heap.slope());
        v.put("heapGrowthOverWindowKiB", heapGrowth);
        v.put("heapResidualSdKiB", heap.residualSd());
        v.put("heapMeanKiB", meanHeap);
        v.put("rssSlopeKiBPerMinute", rss.slope());
        v.put("threadSlopePerMinute", threads.slope());
        v.put("windowMinutes", window);
        v.put("threadsBeforeLoad", before.threads());
        v.put("threadsBaselineAfterWarmUp", baseline.threads());
        v.put("threadsAfter", last.threads());
        v.put("ircSessionsBefore", before.ircSessions());
        v.put("ircSessionsAfter", last.ircSessions());
        v.put("heapWithinNoise", heapOk);
        v.put("threadsFlat", threadsOk);
        v.put("threadsBackAfterLoad", threadsBack);
        v.put("sessionsBackAfterLoad", sessionsBack);
        v.put("pass", pass);
        ArrayNode arr = root.putArray("samples");
        samples.forEach(s -> arr.add(Harness.JSON.valueToTree(s)));
        Files.writeString(out.resolve("soak.json"), Harness.JSON.writeValueAsString(root));

        List<Double> x = samples.stream().map(Sample::minute).toList();
        List<Double> fit = x.stream().map(m -> (heap.intercept() + heap.slope() * m) / 1024).toList();
        Plots.write(out.resolve("soak-memory.png"), "Soak: Ferry heap after full GC and RSS (load until minute "
                        + String.format(Locale.ROOT, "%.1f", loadEnd) + ")", "minutes", "MiB", false,
                List.of(new Plots.Line("heap after GC", x, samples.stream().map(s -> s.heapKiB() / 1024.0).toList(), false),
                        new Plots.Line("heap trend (loaded, after warm-up)", x, fit, true),
                        new Plots.Line("RSS", x, samples.stream().map(s -> s.rssKiB() / 1024.0).toList(), false)));
        Plots.write(out.resolve("soak-threads.png"), "Soak: Ferry live threads, open fds, IRC puppet sessions", "minutes", "count", false,
                List.of(new Plots.Line("threads", x, samples.stream().map(s -> (double) s.threads()).toList(), false),
                        new Plots.Line("open fds", x, samples.stream().map(s -> (double) s.fds()).toList(), false),
                        new Plots.Line("IRC puppet sessions", x, samples.stream().map(s -> (double) s.ircSessions()).toList(), false)));
        System.out.printf(Locale.ROOT, "%nSoak verdict: %s%n  heap after GC: trend %+.1f KiB/min, %+.0f KiB over %.1f loaded minutes "
                        + "(residual sd %.0f KiB, mean %.0f KiB) -> %s%n  threads: trend %+.2f/min -> %s; before any load %d, after warm-up %d, after the load %d -> %s%n"
                        + "  IRC puppet sessions: before %d, after load %d -> %s%n  load average at end: %s%n  JSON and plots: %s%n",
                pass ? "PASS (no growth beyond noise, nothing leaked)" : "FAIL", heap.slope(), heapGrowth, window, heap.residualSd(), meanHeap,
                heapOk ? "within noise" : "GROWING", threads.slope(), threadsOk ? "flat" : "GROWING", before.threads(), baseline.threads(), last.threads(),
                threadsBack ? "back" : "LEAKED", before.ircSessions(), last.ircSessions(), sessionsBack ? "back" : "LEAKED",
                Machine.loadAverage(), out.toAbsolutePath());
        return pass;
    }

    /** Least-squares line y = intercept + slope x, and the standard deviation of its residuals. */
    record Trend(double slope, double intercept, double residualSd) {
        static Trend of(List<double[]> points) {
            int n = points.size();
            if (n < 3) {
                return new Trend(0, n == 0 ? 0 : points.get(0)[1], 0);
            }
            double mx = points.stream().mapToDouble(p -> p[0]).average().orElse(0);
            double my = points.stream().mapToDouble(p -> p[1]).average().orElse(0);
            double sxy = 0;
            double sxx = 0;
            for (double[] p : points) {
                sxy += (p[0] - mx) * (p[1] - my);
                sxx += (p[0] - mx) * (p[0] - mx);
            }
            double slope = sxx == 0 ? 0 : sxy / sxx;
            double intercept = my - slope * mx;
            double ss = 0;
            for (double[] p : points) {
                double r = p[1] - (intercept + slope * p[0]);
                ss += r * r;
            }
            return new Trend(slope, intercept, Math.sqrt(ss / (n - 2)));
        }
    }

    static Sample sample(long pid, int ircPort, long t0, String phase, AtomicLong relayed) throws Exception {
        long heap = JvmHeap.usedAfterFullGcKiB(pid);
        long rss = -1;
        int threads = -1;
        for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (l.startsWith("VmRSS:")) {
                rss = Long.parseLong(l.replaceAll("[^0-9]", ""));
            } else if (l.startsWith("Threads:")) {
                threads = Integer.parseInt(l.replaceAll("[^0-9]", ""));
            }
        }
        Set<String> inodes = new HashSet<>();
        int fds = 0;
        try (var s = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            for (Path fd : s.toList()) {
                fds++;
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        }
        return new Sample((System.nanoTime() - t0) / 60e9, phase, heap, rss, threads, fds, ircSessions(inodes, ircPort), relayed.get());
    }

    /** Ferry's established TCP connections to the IRC server: its sockets whose remote port is the IRC port. */
    static int ircSessions(Set<String> ferrySockets, int ircPort) throws IOException {
        String port = String.format(Locale.ROOT, ":%04X", ircPort);
        int n = 0;
        // tcp6 too: the JVM opens dual-stack sockets, so its IPv4 connections are listed there
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String l : Files.readAllLines(Path.of(table))) {
                String[] f = l.trim().split("\\s+");
                if (f.length > 9 && f[2].endsWith(port) && f[3].equals("01") && ferrySockets.contains(f[9])) {
                    n++;
                }
            }
        }
        return n;
    }

    private Soak() {
    }
}
