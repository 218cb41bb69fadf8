package dev.ferry.bridge.bench.irc;

import dev.ferry.bridge.bench.BenchArgs;
import dev.ferry.bridge.bench.GcPauses;
import dev.ferry.bridge.bench.JvmHeap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smackx.commands.AdHocCommandManager;
import org.jivesoftware.smackx.commands.RemoteCommand;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.xdata.FormField;
import org.jivesoftware.smackx.xdata.form.FillableForm;
import org.jivesoftware.smackx.xdata.packet.DataForm;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * Ferry vs Biboumi as XMPP-IRC gateways, side by side on one Prosody and one ngIRCd, both already
 * running as separate processes (src/bench/irc/run.sh starts them). Measures relay throughput and
 * latency both ways through {@code #chan%localhost@gateway} rooms, and the RSS each gateway process
 * gains per joined user (plus Ferry's live heap after a full GC, through jcmd).
 *
 * <p>Args: {@code --c2s PORT --irc-port PORT --ferry-pid PID --biboumi-pid PID --prosody-pid PID
 * --ngircd-pid PID [--ferry-domain irc.localhost] [--biboumi-domain sip.localhost] [--users 5]
 * [--seconds 10] [--rates 200,500] [--window 100] [--mem-users 1,100,1000] [--mem-max-seconds 240]
 * [--gateways ferry,biboumi] [--closed-loop true] [--warmup-seconds 3] [--warmup-rate-seconds 0] [--irc-drain-seconds 300] [--irc-restart "shell command"]
 * [--out target/bench/irc.json]}; {@code --users 0} skips the relay rows (puppet sessions and fan-out only).
 * XMPP accounts u0..uN must exist with password "alice".
 * {@code --gateways ferry} measures Ferry alone (no Biboumi process needed; ratios print as n/a).
 */
public final class IrcRelayBench {

    static final String DOMAIN = "localhost";
    static final String PASSWORD = "alice";
    static final String TAG = "fb";

    /** One gateway under test. */
    static final class Gw {
        final String name;
        final String domain;
        final long pid;
        final boolean biboumi;
        final String prefix;
        final String channel;
        RawIrc watcher;
        final List<MultiUserChat> mucs = new ArrayList<>();

        Gw(String name, String domain, long pid, boolean biboumi, String prefix) {
            this.name = name;
            this.domain = domain;
            this.pid = pid;
            this.biboumi = biboumi;
            this.prefix = prefix;
            this.channel = "#bench" + prefix;
        }

        String room(String chan) {
            return chan + "%" + DOMAIN + "@" + domain;
        }
    }

    /** The row being measured; listeners drop anything tagged with another row id. */
    static final class Row {
        final int id;
        final Histogram micros = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
        final AtomicLong deliveries = new AtomicLong();
        /**
         * xmpp->irc: the XMPP copies of the row's lines (the sender's reflection and the other users'
         * copies, which come back from IRC through their own puppets). Not timed, but waited for: they
         * are N times the row's lines, and a row that leaves them queued in Prosody hands the next row a backlog.
         */
        final AtomicLong echoes = new AtomicLong();
        final Semaphore permits;
        final boolean toIrc;

        Row(int id, boolean toIrc, int window) {
            this.id = id;
            this.toIrc = toIrc;
            this.permits = new Semaphore(window);
        }

        void received(String body, boolean releases) {
            // body: fb <row> <seq> <nanos>
            String[] f = body.trim().split(" ");
            if (f.length < 4 || !f[0].equals(TAG) || Integer.parseInt(f[1]) != id) {
                return;
            }
            long us = (System.nanoTime() - Long.parseLong(f[3])) / 1000;
            synchronized (micros) {
                micros.recordValue(Math.max(0, Math.min(us, micros.getHighestTrackableValue())));
            }
            deliveries.incrementAndGet();
            if (releases) {
                permits.release();
            }
        }
    }

    /**
     * Measured figures of one gateway in one row. {@code cpuUsPerMsg}: CPU microseconds each process
     * used per message sent in the row, from the row's start until its deliveries and XMPP copies were
     * in (so work queued during the row counts to it); on a shared machine this moves far less than
     * latency does.
     */
    /** One gateway's row; {@code loadgenGc} the generator's own pauses during it (they count against the row's latency). */
    record Result(double perSecond, long sent, long delivered, long expected, long p50, long p99, long p999, long max,
                  Map<String, Double> cpu, Map<String, Double> cpuUsPerMsg, GcPauses.Window loadgenGc) {
    }

    static final GcPauses LOADGEN_GC = GcPauses.listen();

    static volatile Row current = new Row(-1, true, 0);
    static final AtomicInteger rowIds = new AtomicInteger();

    private static String[] args;

    public static void main(String[] a) {
        int rc = 0;
        try {
            run(a);
        } catch (Throwable t) {
            t.printStackTrace();
            rc = 1;
        }
        System.exit(rc); // Smack threads would keep the JVM alive
    }

    /** Runs every row and writes the JSON ({@code --out}); the load harness calls this in its own JVM. */
    public static void run(String[] a) throws Exception {
        args = a;
        Thread.currentThread().setName("bench-driver");
        Roster.setRosterLoadedAtLoginDefault(false);
        int c2s = intArg("--c2s", 19422);
        int ircPort = intArg("--irc-port", 16767);
        int users = intArg("--users", 5);
        int seconds = intArg("--seconds", 10);
        int window = intArg("--window", 100);
        int[] rates = ints("--rates", "200,500");
        // false: open-loop rows only (latency runs; a closed loop leaves Prosody a backlog of copies)
        boolean closedLoopRows = !arg("--closed-loop", "true").equals("false");
        int[] memUsers = ints("--mem-users", "1,100,1000");
        int memMaxSeconds = intArg("--mem-max-seconds", 240);
        Path out = Path.of(arg("--out", "target/bench/irc.json"));
        Map<String, Long> pids = new LinkedHashMap<>();
        pids.put("ferry", Long.parseLong(arg("--ferry-pid", "0")));
        pids.put("biboumi", Long.parseLong(arg("--biboumi-pid", "0")));
        pids.put("prosody", Long.parseLong(arg("--prosody-pid", "0")));
        pids.put("ngircd", Long.parseLong(arg("--ngircd-pid", "0")));
        pids.put("loadgen", ProcessHandle.current().pid());

        List<String> wanted = List.of(arg("--gateways", "ferry,biboumi").split(","));
        List<Gw> gws = new ArrayList<>();
        if (wanted.contains("ferry")) {
            gws.add(new Gw("ferry", arg("--ferry-domain", "irc.localhost"), pids.get("ferry"), false, "f"));
        }
        if (wanted.contains("biboumi")) {
            gws.add(new Gw("biboumi", arg("--biboumi-domain", "sip.localhost"), pids.get("biboumi"), true, "b"));
        }

        // ---- relay: N users joined to #bench through each gateway, one raw IRC client watching
        // (--users 0: none, for a puppet-sessions-only run)
        Map<String, Map<String, Result>> relay = new LinkedHashMap<>();
        if (users > 0) {
            relay = relay(gws, c2s, ircPort, users, seconds, window, rates, closedLoopRows, pids);
        }

        // ---- memory per puppet session, before the fan-out: Biboumi's allocator keeps what freed
        // sessions used, so after a fan-out with hundreds of sessions its RSS does not grow at all
        // for the first thousands of new ones (seen: +32 KiB for 3,000 sessions)
        Map<String, List<long[]>> mem = new LinkedHashMap<>();
        int nextUser = 100;
        for (Gw gw : gws) {
            if (memUsers.length == 0) {
                break;
            }
            Thread.sleep(15_000); // let the relay users' IRC connections linger out
            mem.put(gw.name, memory(gw, c2s, ircPort, nextUser, memUsers, memMaxSeconds));
            drainIrcServer(gw, ircPort);
        }
        System.out.print(memoryTable(mem));

        // ---- presence fan-out: one IRC user joins and parts a channel with N XMPP occupants
        int[] fanSizes = ints("--fanout", "");
        int fanRounds = intArg("--fanout-rounds", 10);
        Map<String, List<FanoutBench.Point>> fan = new LinkedHashMap<>();
        for (Gw gw : gws) {
            if (fanSizes.length > 0) {
                Thread.sleep(5_000);
                fan.put(gw.name, FanoutBench.run(gw, c2s, ircPort, 100, fanSizes, fanRounds));
            }
        }
        if (!fan.isEmpty()) {
            System.out.print(FanoutBench.table(fan));
        }

        Files.createDirectories(out.toAbsolutePath().getParent());
        String j = json(relay, mem, users, seconds, window);
        Files.writeString(out, j.substring(0, j.lastIndexOf('}')) + ",\"fanout\":" + FanoutBench.json(fan) + "}\n");
        System.out.println("JSON: " + out.toAbsolutePath());
    }

    /** The relay rows: {@code users} XMPP users in {@code #bench} through each gateway, closed and open loop both ways. */
    static Map<String, Map<String, Result>> relay(List<Gw> gws, int c2s, int ircPort, int users, int seconds, int window, int[] rates, boolean closedLoopRows,
            Map<String, Long> pids) throws Exception {
        List<XMPPTCPConnection> conns = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            conns.add(login(c2s, "u" + i));
        }
        for (Gw gw : gws) {
            gw.watcher = new RawIrc(ircPort, "w" + gw.prefix);
            gw.watcher.send("JOIN " + gw.channel);
            gw.watcher.await(l -> l.contains(" 366 "), 10);
            final Gw g = gw;
            gw.watcher.onLine(l -> {
                int i = l.indexOf("PRIVMSG " + g.channel + " :");
                if (i > 0) {
                    Row r = current;
                    if (r.toIrc) {
                        r.received(l.substring(i + g.channel.length() + 10), true);
                    }
                }
            });
            for (int i = 0; i < users; i++) {
                if (gw.biboumi) {
                    configureBiboumi(conns.get(i), gw.domain, ircPort, i == 0);
                }
                MultiUserChat muc = MultiUserChatManager.getInstanceFor(conns.get(i))
                        .getMultiUserChat(JidCreate.entityBareFrom(gw.room(gw.channel)));
                final boolean first = i == 0;
                muc.addMessageListener(m -> onXmpp(m, first));
                muc.join(muc.getEnterConfigurationBuilder(Resourcepart.from(gw.prefix + i)).requestNoHistory().build());
                gw.mucs.add(muc);
            }
            for (int i = 0; i < users; i++) {
                String nick = gw.prefix + i;
                gw.watcher.await(l -> l.startsWith(":" + nick + "!") && l.contains(" JOIN "), 20);
            }
            System.err.println(gw.name + ": " + users + " users joined " + gw.room(gw.channel));
        }

        Map<String, Map<String, Result>> relay = new LinkedHashMap<>();
        // Warm-up (JIT, caches), not reported; 3 s leaves Ferry's C2 compiling through the first rows.
        int warmupSeconds = intArg("--warmup-seconds", 3);
        // The closed loop compiles the busy paths; a light rate takes others (a stanza per wake-up, the
        // delivery check's timer), and C2 still used 30-46 % of Ferry's CPU in the first 100/s row.
        // --warmup-rate-seconds runs each measured rate that long first, both ways, unreported.
        int warmupRateSeconds = intArg("--warmup-rate-seconds", 0);
        for (Gw gw : gws) {
            System.err.println("warming up " + gw.name + " ...");
            closedLoop(gw, true, window, warmupSeconds, users, pids);
            closedLoop(gw, false, window, warmupSeconds, users, pids);
            for (int rate : warmupRateSeconds > 0 ? rates : new int[0]) {
                openLoop(gw, true, rate, warmupRateSeconds, users, pids);
                openLoop(gw, false, rate, warmupRateSeconds, users, pids);
            }
        }
        for (boolean toIrc : new boolean[] {true, false}) {
            String dir = toIrc ? "xmpp->irc" : "irc->xmpp";
            Map<String, Result> row = new LinkedHashMap<>();
            for (Gw gw : gws) {
                if (!closedLoopRows) {
                    break;
                }
                System.err.println("measuring " + dir + " closed loop " + gw.name + " (row " + (rowIds.get() + 1) + ") ...");
                row.put(gw.name, closedLoop(gw, toIrc, window, seconds, users, pids));
            }
            if (closedLoopRows) {
                relay.put(dir + " closed(w=" + window + ")", row);
            }
            for (int rate : rates) {
                row = new LinkedHashMap<>();
                for (Gw gw : gws) {
                    System.err.println("measuring " + dir + " " + rate + "/s " + gw.name + " (row " + (rowIds.get() + 1) + ") ...");
                    row.put(gw.name, openLoop(gw, toIrc, rate, seconds, users, pids));
                }
                relay.put(dir + " " + rate + "/s", row);
            }
        }
        for (Gw gw : gws) {
            // No MUC leave: Biboumi does not answer it with a status-110 presence, so Smack would wait
            // for its reply timeout. Disconnecting sends unavailable presence to both gateways alike.
            gw.watcher.close();
        }
        conns.forEach(XMPPTCPConnection::disconnect);
        System.out.print(relayTable(relay, users, seconds));
        System.out.print("Ferry's busiest threads over the relay rows (CPU seconds, /proc task comm names):\n" + topThreads(pids.get("ferry"), 10));
        return relay;
    }

    static void onXmpp(Message m, boolean first) {
        String body = m.getBody();
        if (body == null || !body.startsWith(TAG + " ")) {
            return;
        }
        Row r = current;
        if (!r.toIrc) {
            r.received(body, first);
        } else if (body.startsWith(TAG + " " + r.id + " ")) {
            r.echoes.incrementAndGet();
        }
    }

    static String body(Row r, long seq, long nanos) {
        return TAG + " " + r.id + " " + seq + " " + nanos;
    }

    static void send(Gw gw, Row r, long seq, long nanos) throws Exception {
        if (r.toIrc) {
            gw.mucs.get((int) (seq % gw.mucs.size())).sendMessage(body(r, seq, nanos));
        } else {
            gw.watcher.send("PRIVMSG " + gw.channel + " :" + body(r, seq, nanos));
        }
    }

    /**
     * Waits (up to 60 s) until neither gateway nor Prosody uses more than 5 % of a core over 500 ms, so a row
     * does not pay for the previous row's backlog; returns how long that took, in seconds.
     */
    static double quiesce(Map<String, Long> pids) throws InterruptedException {
        long start = System.nanoTime();
        while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(60)) {
            long f = ticks(pids.get("ferry"));
            long b = ticks(pids.get("biboumi"));
            long p = ticks(pids.get("prosody"));
            Thread.sleep(500);
            // Prosody too: a gateway that has handed its backlog over is idle while Prosody still delivers it.
            if (ticks(pids.get("ferry")) - f <= 2 && ticks(pids.get("biboumi")) - b <= 2 && ticks(pids.get("prosody")) - p <= 2) {
                break;
            }
        }
        double s = (System.nanoTime() - start) / 1e9;
        if (s > 1.5) {
            System.err.printf(Locale.ROOT, "  gateways were still busy with the previous row's backlog for %.1f s%n", s);
        }
        return s;
    }

    static Result closedLoop(Gw gw, boolean toIrc, int window, int seconds, int users, Map<String, Long> pids) throws Exception {
        quiesce(pids);
        Row r = new Row(rowIds.incrementAndGet(), toIrc, window);
        current = r;
        Map<String, Long> threads0 = threadTicks(gw.pid);
        Map<String, Long> cpu0 = ticks(pids);
        GcPauses.Window gc0 = LOADGEN_GC.mark();
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        long seq = 0;
        while (System.nanoTime() < end) {
            if (r.permits.tryAcquire(10, TimeUnit.MILLISECONDS)) {
                send(gw, r, seq++, System.nanoTime());
            }
        }
        long elapsed = System.nanoTime() - start;
        long delivered = r.deliveries.get();
        Map<String, Double> cpu = cores(pids, cpu0, elapsed);
        long expected = seq * (toIrc ? 1 : users);
        drain(r, expected);
        drainEchoes(r, seq, users);
        return result(r, seq, expected, (double) delivered / (toIrc ? 1 : users) / (elapsed / 1e9), cpu, perMessage(pids, cpu0, seq),
                gw, threads0, LOADGEN_GC.since(gc0));
    }

    static Result openLoop(Gw gw, boolean toIrc, int rate, int seconds, int users, Map<String, Long> pids) throws Exception {
        quiesce(pids);
        Row r = new Row(rowIds.incrementAndGet(), toIrc, 0);
        current = r;
        Map<String, Long> threads0 = threadTicks(gw.pid);
        Map<String, Long> cpu0 = ticks(pids);
        GcPauses.Window gc0 = LOADGEN_GC.mark();
        long start = System.nanoTime();
        long total = (long) rate * seconds;
        double interval = 1e9 / rate;
        for (long seq = 0; seq < total; seq++) {
            long due = start + (long) (seq * interval);
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                TimeUnit.NANOSECONDS.sleep(Math.min(wait, 1_000_000));
            }
            send(gw, r, seq, due); // latency from the intended send time (no coordinated omission)
        }
        long expected = total * (toIrc ? 1 : users);
        drain(r, expected);
        long elapsed = System.nanoTime() - start;
        Map<String, Double> cpu = cores(pids, cpu0, elapsed);
        drainEchoes(r, total, users);
        return result(r, total, expected, (double) r.deliveries.get() / (toIrc ? 1 : users) / (elapsed / 1e9), cpu,
                perMessage(pids, cpu0, total), gw, threads0, LOADGEN_GC.since(gc0));
    }

    /**
     * xmpp->irc: waits until the row's XMPP copies ({@link Row#echoes}, one per user per line) have
     * arrived, or none came for 3 s (a gateway that reflects differently), at most 120 s. Without
     * this, the closed loop's copies (5 x 1,300 lines/s here) were still being delivered by Prosody
     * 18 s after the row, all through the next, light-load row (seen in a loopback capture).
     */
    static void drainEchoes(Row r, long lines, int users) throws InterruptedException {
        if (!r.toIrc) {
            return;
        }
        long want = lines * users;
        long start = System.nanoTime();
        long seen = -1;
        long lastProgress = start;
        while (r.echoes.get() < want && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(120)
                && System.nanoTime() - lastProgress < TimeUnit.SECONDS.toNanos(3)) {
            long now = r.echoes.get();
            if (now != seen) {
                seen = now;
                lastProgress = System.nanoTime();
            }
            Thread.sleep(20);
        }
        double s = (System.nanoTime() - start) / 1e9;
        if (s > 1) {
            System.err.printf(Locale.ROOT, "  waited %.1f s for the row's XMPP copies (%d of %d)%n", s, r.echoes.get(), want);
        }
    }

    /** Waits up to 10 s for the stragglers. */
    static void drain(Row r, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (r.deliveries.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(200);
    }

    static Result result(Row r, long sent, long expected, double perSecond, Map<String, Double> cpu, Map<String, Double> cpuUsPerMsg,
                         Gw gw, Map<String, Long> threads0, GcPauses.Window loadgenGc) {
        Map<String, Long> threads1 = threadTicks(gw.pid);
        // The JIT's compiler threads apart: on 2 shared cores C2 was still Ferry's busiest thread minutes after start.
        long jit = jitTicks(threads1) - jitTicks(threads0);
        cpuUsPerMsg = new LinkedHashMap<>(cpuUsPerMsg);
        cpuUsPerMsg.put(gw.name + "-without-jit", cpuUsPerMsg.get(gw.name) - (sent == 0 ? Double.NaN : jit * 1e4 / sent));
        System.err.printf(Locale.ROOT, "  %s CPU per message: %.0f us, %.0f without the JIT compiler threads (prosody %.0f, ngircd %.0f,"
                + " loadgen %.0f); its threads over the row:%n%s", gw.name, cpuUsPerMsg.get(gw.name), cpuUsPerMsg.get(gw.name + "-without-jit"),
                cpuUsPerMsg.get("prosody"), cpuUsPerMsg.get("ngircd"), cpuUsPerMsg.get("loadgen"), threadShares(threads0, threads1, 8));
        System.err.println("  load generator's GC during the row: " + loadgenGc);
        synchronized (r.micros) {
            return new Result(perSecond, sent, r.deliveries.get(), expected, r.micros.getValueAtPercentile(50),
                    r.micros.getValueAtPercentile(99), r.micros.getValueAtPercentile(99.9), r.micros.getMaxValue(), cpu, cpuUsPerMsg, loadgenGc);
        }
    }

    // ---- memory

    /**
     * Rows of {users, rssDeltaKiB, heapDeltaKiB (-1 if n/a), joinSeconds, failed or skipped joins, baseline RSS,
     * IRC sessions the gateway holds}. Per-session figures divide by the sessions the gateway really holds
     * (its established connections to the IRC port), not by the users asked to join. Joins not started
     * within {@code maxSeconds} are skipped, so a gateway that stops answering ends the phase in bounded
     * time (seen: Biboumi stalled at ~6,500 sessions, every further join waiting out Smack's 60 s timeouts).
     */
    static List<long[]> memory(Gw gw, int c2s, int ircPort, int firstUser, int[] steps, int maxSeconds) throws Exception {
        List<long[]> rows = new ArrayList<>();
        // Ferry: full GC first (jcmd), then RSS, at every step alike: G1 gives memory back after a full
        // GC, so RSS read before one would count garbage from the relay rows.
        long heap0 = gw.biboumi ? -1 : JvmHeap.usedAfterFullGcKiB(gw.pid);
        long rss0 = rssKiB(gw.pid);
        System.err.println(gw.name + ": memory baseline RSS " + rss0 + " KiB, heap " + heap0 + " KiB");
        List<XMPPTCPConnection> conns = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(16, r -> {
            Thread t = new Thread(r, "bench-join");
            t.setDaemon(true);
            return t;
        });
        long t0 = System.nanoTime();
        long deadline = t0 + TimeUnit.SECONDS.toNanos(maxSeconds);
        int joined = 0;
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger skipped = new AtomicInteger();
        try {
            for (int target : steps) {
                if ((System.nanoTime() - t0) / 1e9 > maxSeconds) {
                    System.err.println(gw.name + ": skipping N=" + target + " (time budget spent)");
                    break;
                }
                List<Future<?>> fs = new ArrayList<>();
                for (int k = joined; k < target; k++) {
                    final int u = k;
                    fs.add(pool.submit(() -> {
                        if (System.nanoTime() > deadline) {
                            skipped.incrementAndGet();
                            failures.incrementAndGet();
                            return null;
                        }
                        try {
                            XMPPTCPConnection c = login(c2s, "u" + (firstUser + u));
                            conns.add(c);
                            if (gw.biboumi) {
                                configureBiboumi(c, gw.domain, ircPort, false);
                            }
                            MultiUserChat muc = MultiUserChatManager.getInstanceFor(c)
                                    .getMultiUserChat(JidCreate.entityBareFrom(gw.room("#m" + u)));
                            muc.join(muc.getEnterConfigurationBuilder(Resourcepart.from(gw.prefix + "m" + u)).requestNoHistory().build());
                        } catch (Exception e) {
                            if (failures.incrementAndGet() <= 5) {
                                System.err.println(gw.name + ": user " + u + " failed to join: " + e);
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : fs) {
                    f.get();
                }
                joined = target;
                double took = (System.nanoTime() - t0) / 1e9;
                Thread.sleep(3000);
                long heap = gw.biboumi ? -1 : JvmHeap.usedAfterFullGcKiB(gw.pid);
                long rss = rssKiB(gw.pid);
                long sessions = IrcSockets.heldBy(gw.pid, ircPort);
                System.err.printf(Locale.ROOT, "%s: N=%d joined (%d failures so far, %d of them skipped after the time budget) after %.1f s: "
                        + "RSS %d KiB, heap %d KiB, %d IRC sessions held by the gateway, %d TCP connections open to ngIRCd%n", gw.name, target,
                        failures.get(), skipped.get(), took, rss, heap, sessions, IrcSockets.established(ircPort));
                rows.add(new long[] {target, rss - rss0, heap < 0 ? -1 : heap - heap0, Math.round(took), failures.get(), rss0, sessions});
            }
        } finally {
            List<Future<?>> fs = new ArrayList<>();
            for (XMPPTCPConnection c : conns) {
                fs.add(pool.submit((Runnable) c::disconnect));
            }
            for (Future<?> f : fs) {
                f.get();
            }
            pool.shutdownNow();
        }
        return rows;
    }

    /**
     * Waits until the IRC server has closed the sockets of the sessions that just ended, so the next
     * gateway starts on a server that is not busy with the last one's; if it has not within
     * {@code --irc-drain-seconds} (default 300), runs {@code --irc-restart} (a shell command that
     * restarts it), when given. ngIRCd 26 spends time linear in its number of channels on every QUIT
     * (each puppet has a channel of its own): measured ~9 ms per QUIT with 1,500 channels, so 10,000
     * sessions take many minutes to drain (seen: 9,815 sockets in CLOSE_WAIT 8 minutes later, new
     * connections refused meanwhile). Sockets still ESTABLISHED are printed apart: those are sessions
     * the gateway did not close, which a restart must not hide.
     */
    static void drainIrcServer(Gw gw, int ircPort) throws Exception {
        long t0 = System.nanoTime();
        long deadline = t0 + TimeUnit.SECONDS.toNanos(intArg("--irc-drain-seconds", 300));
        // First the gateway closes its sessions (QUIT, close), then the server its side of them.
        while (IrcSockets.heldBy(gw.pid, ircPort) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(1000);
        }
        long open = IrcSockets.heldBy(gw.pid, ircPort);
        double closedAfter = (System.nanoTime() - t0) / 1e9;
        while (IrcSockets.serverHeld(ircPort) > 50 && System.nanoTime() < deadline) {
            Thread.sleep(1000);
        }
        String restart = arg("--irc-restart", "");
        Map<String, Long> states = IrcSockets.serverStates(ircPort);
        long left = IrcSockets.serverHeld(ircPort);
        System.out.printf(Locale.ROOT, "%s: %d IRC sessions still open in the gateway %.0f s after its users left%s; "
                        + "%d sockets left on the IRC server after %.0f s %s%n", gw.name, open, closedAfter,
                open > 0 ? " (NOT CLOSED)" : "", left, (System.nanoTime() - t0) / 1e9, states);
        if (left > 50 && !restart.isBlank()) {
            System.out.println("restarting the IRC server before the next phase: " + restart);
            Process p = new ProcessBuilder("bash", "-c", restart).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("IRC server restart failed: " + restart);
            }
            System.out.println("IRC server restarted; its sockets now " + IrcSockets.serverStates(ircPort));
        }
    }

    /** Per-thread CPU of a process from /proc/PID/task/TID/stat, busiest first. */
    static String topThreads(long pid, int n) {
        List<Map.Entry<String, Long>> all = new ArrayList<>(threadTicks(pid).entrySet());
        if (all.isEmpty()) {
            return "  (unreadable)\n";
        }
        all.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        StringBuilder sb = new StringBuilder();
        all.stream().limit(n).forEach(e -> sb.append(String.format(Locale.ROOT, "  %-36s %8.2f s%n", e.getKey(), e.getValue() / 100.0)));
        return sb.toString();
    }

    static long rssKiB(long pid) throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (l.startsWith("VmRSS:")) {
                return Long.parseLong(l.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    // ---- XMPP helpers

    static XMPPTCPConnection login(int c2s, String user) throws Exception {
        XMPPTCPConnectionConfiguration conf = XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain(DOMAIN).setHost("127.0.0.1").setPort(c2s)
                .setUsernameAndPassword(user, PASSWORD).setResource("bench")
                .setSecurityMode(SecurityMode.disabled).setSendPresence(true).setConnectTimeout(30_000).build();
        XMPPTCPConnection c = new XMPPTCPConnection(conf);
        c.setReplyTimeout(60_000);
        c.connect().login();
        return c;
    }

    /**
     * Biboumi keeps per-user, per-IRC-server options (ports, throttle) set through its ad-hoc
     * command "configure" on {@code server@biboumi}: our ngIRCd's plain port, TLS port 1 (closed), and
     * throttle_limit -1 (no throttling; its default sends 10 lines then 1/s).
     */
    static void configureBiboumi(XMPPTCPConnection c, String domain, int ircPort, boolean print) throws Exception {
        RemoteCommand cmd = AdHocCommandManager.getAddHocCommandsManager(c)
                .getRemoteCommand(JidCreate.from(DOMAIN + "@" + domain), "configure");
        cmd.execute();
        DataForm form = cmd.getForm();
        if (print) {
            System.err.println("biboumi configure form fields: "
                    + form.getFields().stream().map(f -> f.getFieldName() + "=" + f.getValues()).toList());
        }
        FillableForm fill = new FillableForm(form);
        set(fill, form, "ports", List.of(Integer.toString(ircPort)));
        // Smack will not submit an empty text-multi; port 1 is closed on loopback, so TLS fails at once
        // and Biboumi falls back to the plain port, as it does with its defaults 6697/6670 when nothing listens.
        set(fill, form, "tls_ports", List.of("1"));
        set(fill, form, "throttle_limit", List.of("-1"));
        cmd.complete(fill);
    }

    private static void set(FillableForm fill, DataForm form, String var, List<String> values) {
        FormField f = form.getField(var);
        if (f == null) {
            throw new IllegalStateException("biboumi's configure form has no field " + var);
        }
        if (f.getType() == FormField.Type.text_multi || f.getType() == FormField.Type.list_multi || f.getType() == FormField.Type.jid_multi) {
            fill.setAnswer(var, values);
        } else {
            fill.setAnswer(var, values.isEmpty() ? "" : values.get(0));
        }
    }

    // ---- CPU per process

    /** CPU microseconds per message of each process since {@code before}. */
    static Map<String, Double> perMessage(Map<String, Long> pids, Map<String, Long> before, long messages) {
        Map<String, Double> c = new LinkedHashMap<>();
        pids.forEach((k, pid) -> c.put(k, messages == 0 ? Double.NaN : (ticks(pid) - before.get(k)) * 1e4 / messages));
        return c;
    }

    /** CPU ticks of each thread of a process, by "name [tid]". */
    static Map<String, Long> threadTicks(long pid) {
        Map<String, Long> all = new LinkedHashMap<>();
        if (pid <= 0) {
            return all;
        }
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path t : tasks.toList()) {
                try {
                    String s = Files.readString(t.resolve("stat"));
                    String name = s.substring(s.indexOf('(') + 1, s.lastIndexOf(')'));
                    String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
                    all.put(name + " [" + t.getFileName() + "]", Long.parseLong(f[11]) + Long.parseLong(f[12]));
                } catch (IOException | RuntimeException e) {
                    // thread ended
                }
            }
        } catch (IOException e) {
            // process gone
        }
        return all;
    }

    static long jitTicks(Map<String, Long> threads) {
        return threads.entrySet().stream().filter(e -> e.getKey().matches("C[12] CompilerThre.*")).mapToLong(Map.Entry::getValue).sum();
    }

    /** The CPU threads used between two snapshots, grouped by name without numbers (GC Thread#0 and #1 together), busiest first. */
    static String threadShares(Map<String, Long> before, Map<String, Long> after, int n) {
        Map<String, Long> groups = new LinkedHashMap<>();
        long total = 0;
        for (Map.Entry<String, Long> e : after.entrySet()) {
            long d = e.getValue() - before.getOrDefault(e.getKey(), 0L);
            String group = e.getKey().substring(0, e.getKey().lastIndexOf(" [")).replaceAll("[#\\d]+", "").strip();
            groups.merge(group, d, Long::sum);
            total += d;
        }
        long sum = Math.max(1, total);
        StringBuilder sb = new StringBuilder();
        groups.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(n).filter(e -> e.getValue() > 0)
                .forEach(e -> sb.append(String.format(Locale.ROOT, "    %-20s %7.2f s %5.1f%%%n", e.getKey(), e.getValue() / 100.0,
                        100.0 * e.getValue() / sum)));
        return sb.toString();
    }

    static Map<String, Long> ticks(Map<String, Long> pids) {
        Map<String, Long> t = new LinkedHashMap<>();
        pids.forEach((k, pid) -> t.put(k, ticks(pid)));
        return t;
    }

    static Map<String, Double> cores(Map<String, Long> pids, Map<String, Long> before, long elapsedNanos) {
        Map<String, Double> c = new LinkedHashMap<>();
        pids.forEach((k, pid) -> c.put(k, (ticks(pid) - before.get(k)) / 100.0 / (elapsedNanos / 1e9)));
        return c;
    }

    static long ticks(long pid) {
        if (pid <= 0) {
            return 0;
        }
        try {
            String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    // ---- output

    static String relayTable(Map<String, Map<String, Result>> relay, int users, int seconds) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%nRelay through the gateway, %d XMPP users in the room + 1 raw IRC client; %d s per row; "
                + "latency in ms from (intended) send to receipt; irc->xmpp msgs/s counts messages delivered to all %d users%n", users, seconds, users));
        sb.append(String.format(Locale.ROOT, "%-26s %-8s %8s %8s %8s %8s %9s %9s  %-36s %-36s %s%n", "row", "gateway", "msgs/s", "p50 ms", "p99 ms",
                "p999 ms", "lost", "sent", "cpu cores gw/prosody/ngircd/loadgen", "cpu us/msg gw/prosody/ngircd/loadgen", "loadgen GC max ms"));
        relay.forEach((name, row) -> {
            Result f = row.get("ferry");
            Result b = row.get("biboumi");
            row.forEach((gw, r) -> sb.append(String.format(Locale.ROOT, "%-26s %-8s %8.0f %8.2f %8.2f %8.2f %9d %9d  %-36s %-36s %d%n",
                    gw.equals("ferry") ? name : "", gw, r.perSecond(), r.p50() / 1000.0, r.p99() / 1000.0, r.p999() / 1000.0,
                    r.expected() - r.delivered(), r.sent(), String.format(Locale.ROOT, "%.2f/%.2f/%.2f/%.2f", r.cpu().get(gw), r.cpu().get("prosody"),
                    r.cpu().get("ngircd"), r.cpu().get("loadgen")), String.format(Locale.ROOT, "%.0f/%.0f/%.0f/%.0f", r.cpuUsPerMsg().get(gw),
                    r.cpuUsPerMsg().get("prosody"), r.cpuUsPerMsg().get("ngircd"), r.cpuUsPerMsg().get("loadgen")), r.loadgenGc().maxMillis())));
            if (f == null || b == null) {
                return; // one gateway measured: no ratio
            }
            sb.append(String.format(Locale.ROOT, "%-26s %-8s %7.2fx %7.2fx %7.2fx%n", "", "F/B",
                    f.perSecond() / Math.max(1e-9, b.perSecond()), (double) f.p50() / Math.max(1, b.p50()), (double) f.p99() / Math.max(1, b.p99())));
        });
        return sb.toString();
    }

    static String memoryTable(Map<String, List<long[]>> mem) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%nMemory per puppet session (each user joined to its own channel, one IRC connection each): "
                + "growth over the gateway's baseline divided by the IRC sessions it holds, KiB. Ferry runs with a fixed pre-touched heap, so its RSS growth is "
                + "off-heap; ferry total = heap (after full GC) + off-heap.%n"));
        sb.append(String.format(Locale.ROOT, "%-6s %12s %12s %13s %13s %10s %12s %13s %15s%n", "N", "ferry heap", "ferry offheap",
                "ferry total", "biboumi RSS", "total F/B", "join s F/B", "sessions F/B", "marginal F/B"));
        List<long[]> f = mem.getOrDefault("ferry", List.of());
        List<long[]> b = mem.getOrDefault("biboumi", List.of());
        for (int i = 0; i < Math.max(f.size(), b.size()); i++) {
            long[] fr = i < f.size() ? f.get(i) : null;
            long[] br = i < b.size() ? b.get(i) : null;
            long n = fr != null ? fr[0] : br[0];
            double fh = fr == null || fr[2] < 0 ? Double.NaN : (double) fr[2] / sessions(fr);
            double fo = fr == null ? Double.NaN : (double) fr[1] / sessions(fr);
            double bs = br == null ? Double.NaN : (double) br[1] / sessions(br);
            sb.append(String.format(Locale.ROOT, "%-6d %12.1f %12.1f %13.1f %13.1f %9.2fx %5s/%-5s %6s/%-6s %7.1f/%-7.1f%n", n, fh, fo, fh + fo, bs,
                    (fh + fo) / bs, fr == null ? "-" : fr[3] + (fr[4] > 0 ? "!" : ""), br == null ? "-" : br[3] + (br[4] > 0 ? "!" : ""),
                    fr == null ? "-" : Long.toString(sessions(fr)), br == null ? "-" : Long.toString(sessions(br)),
                    fr == null ? Double.NaN : marginalKiB(f, i), br == null ? Double.NaN : marginalKiB(b, i)));
        }
        sb.append(String.format(Locale.ROOT, "baseline RSS before the first session: ferry %d KiB, biboumi %d KiB (! = some joins failed)%n",
                f.isEmpty() ? -1 : f.get(0)[5], b.isEmpty() ? -1 : b.get(0)[5]));
        return sb.toString();
    }

    /**
     * KiB per session added since the previous step (heap + RSS growth over the sessions added): the
     * cost of one more session without the fixed costs the first sessions pay (a JVM's warm-up, pools).
     */
    static double marginalKiB(List<long[]> rows, int i) {
        long[] r = rows.get(i);
        long[] p = i == 0 ? new long[] {0, 0, 0, 0, 0, 0, 0} : rows.get(i - 1);
        long grown = r[1] + Math.max(0, r[2]) - p[1] - Math.max(0, p[2]);
        long added = sessions(r) - (i == 0 ? 0 : sessions(p));
        return added <= 0 ? Double.NaN : (double) grown / added;
    }

    /** What a memory row divides by: the IRC sessions the gateway held, or the users asked to join if unknown. */
    static long sessions(long[] row) {
        return row.length > 6 && row[6] > 0 ? row[6] : row[0];
    }

    static String json(Map<String, Map<String, Result>> relay, Map<String, List<long[]>> mem, int users, int seconds, int window) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "{\"users\":%d,\"secondsPerRow\":%d,\"closedLoopWindow\":%d,\"cores\":%d,\"relay\":[%n",
                users, seconds, window, Runtime.getRuntime().availableProcessors()));
        List<String> rows = new ArrayList<>();
        relay.forEach((name, row) -> {
            List<String> parts = new ArrayList<>();
            row.forEach((gw, r) -> {
                List<String> cpu = new ArrayList<>();
                r.cpu().forEach((k, v) -> cpu.add(String.format(Locale.ROOT, "\"%s\":%.3f", k, v)));
                List<String> perMsg = new ArrayList<>();
                r.cpuUsPerMsg().forEach((k, v) -> perMsg.add(String.format(Locale.ROOT, "\"%s\":%.1f", k, v)));
                parts.add(String.format(Locale.ROOT, "\"%s\":{\"msgsPerSecond\":%.1f,\"sent\":%d,\"delivered\":%d,\"expected\":%d,"
                        + "\"p50us\":%d,\"p99us\":%d,\"p999us\":%d,\"maxUs\":%d,\"cpuCores\":{%s},\"cpuUsPerMsg\":{%s},"
                        + "\"loadgenGc\":{\"pauses\":%d,\"maxMs\":%d,\"totalMs\":%d}}", gw, r.perSecond(),
                        r.sent(), r.delivered(), r.expected(), r.p50(), r.p99(), r.p999(), r.max(), String.join(",", cpu), String.join(",", perMsg),
                        r.loadgenGc().count(), r.loadgenGc().maxMillis(), r.loadgenGc().totalMillis()));
            });
            Result f = row.get("ferry");
            Result b = row.get("biboumi");
            if (f == null || b == null) {
                rows.add(String.format(Locale.ROOT, "  {\"row\":\"%s\",%s}", name, String.join(",", parts)));
                return;
            }
            rows.add(String.format(Locale.ROOT, "  {\"row\":\"%s\",%s,\"throughputRatioFB\":%.3f,\"p99RatioFB\":%.3f}", name,
                    String.join(",", parts), f.perSecond() / Math.max(1e-9, b.perSecond()), (double) f.p99() / Math.max(1, b.p99())));
        });
        sb.append(String.join(",\n", rows)).append("\n],\"memory\":{");
        List<String> gws = new ArrayList<>();
        mem.forEach((gw, list) -> {
            List<String> r = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                long[] m = list.get(i);
                r.add(String.format(Locale.ROOT, "{\"users\":%d,\"sessionsOpen\":%d,\"rssDeltaKiB\":%d,\"rssPerSessionKiB\":%.2f,\"heapDeltaKiB\":%d,"
                        + "\"heapPerSessionKiB\":%.2f,\"marginalKiBPerSession\":%.2f,\"joinSeconds\":%d,\"joinFailures\":%d,\"baselineRssKiB\":%d}",
                        m[0], sessions(m), m[1], (double) m[1] / sessions(m), m[2], m[2] < 0 ? -1.0 : (double) m[2] / sessions(m),
                        Double.isNaN(marginalKiB(list, i)) ? -1.0 : marginalKiB(list, i), m[3], m[4], m[5]));
            }
            gws.add("\"" + gw + "\":[" + String.join(",", r) + "]");
        });
        return sb.append(String.join(",", gws)).append("}}\n").toString();
    }

    // ---- args

    static int[] ints(String name, String dflt) {
        return java.util.Arrays.stream(arg(name, dflt).split(",")).filter(s -> !s.isBlank()).mapToInt(Integer::parseInt).toArray();
    }

    static int intArg(String name, int dflt) {
        return Integer.parseInt(arg(name, Integer.toString(dflt)));
    }

    static String arg(String name, String dflt) {
        return BenchArgs.arg(args, name, dflt);
    }

    private IrcRelayBench() {
    }
}
