package dev.ferry.bridge.bench.irc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * Presence fan-out through a gateway, defined as: N XMPP users sit in one IRC channel through the
 * gateway (each one puppet session); one plain IRC client joins the channel and later parts it,
 * {@code rounds} times. Each join (part) is one presence change on IRC that the gateway must turn
 * into N occupant presences, available (unavailable), one to each XMPP user. Measured per change:
 * the latency of every one of the N deliveries (from the JOIN/PART line sent) and the time until
 * the last of the N arrived.
 */
final class FanoutBench {

    /** Figures for one N: latencies in microseconds over all rounds and both directions. */
    record Point(int occupants, int changes, long deliveries, long expected, long p50, long p99, long p999,
                 double meanAllMs, double maxAllMs) {
    }

    /** The presence change being measured; listeners ignore presences of anyone else. */
    static final class Change {
        final String nick;
        final boolean available;
        final long t0;
        final AtomicInteger count = new AtomicInteger();
        final Histogram micros;
        volatile long lastNanos;

        Change(String nick, boolean available, Histogram micros) {
            this.nick = nick;
            this.available = available;
            this.micros = micros;
            this.t0 = System.nanoTime();
        }
    }

    static volatile Change current;

    static List<Point> run(IrcRelayBench.Gw gw, int c2s, int ircPort, int firstUser, int[] sizes, int rounds) throws Exception {
        List<Point> points = new ArrayList<>();
        List<XMPPTCPConnection> conns = java.util.Collections.synchronizedList(new ArrayList<>());
        String channel = "#fan" + gw.prefix;
        String nick = "x" + gw.prefix;
        ExecutorService pool = Executors.newFixedThreadPool(16, r -> {
            Thread t = new Thread(r, "bench-fanout-join");
            t.setDaemon(true);
            return t;
        });
        AtomicInteger failures = new AtomicInteger();
        int joined = 0;
        try (RawIrc source = new RawIrc(ircPort, nick)) {
            for (int n : sizes) {
                List<Future<?>> fs = new ArrayList<>();
                for (int k = joined; k < n; k++) {
                    final int u = k;
                    fs.add(pool.submit(() -> {
                        try {
                            XMPPTCPConnection c = IrcRelayBench.login(c2s, "u" + (firstUser + u));
                            conns.add(c);
                            if (gw.biboumi) {
                                IrcRelayBench.configureBiboumi(c, gw.domain, ircPort, false);
                            }
                            MultiUserChat muc = MultiUserChatManager.getInstanceFor(c)
                                    .getMultiUserChat(JidCreate.entityBareFrom(gw.room(channel)));
                            muc.addParticipantListener(FanoutBench::onPresence);
                            muc.join(muc.getEnterConfigurationBuilder(Resourcepart.from(gw.prefix + "o" + u)).requestNoHistory().build());
                        } catch (Exception e) {
                            if (failures.incrementAndGet() <= 5) {
                                System.err.println(gw.name + ": fan-out user " + u + " failed to join: " + e);
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : fs) {
                    f.get();
                }
                joined = n;
                Thread.sleep(2000); // the joins' own presence storm settles
                Histogram micros = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
                long delivered = 0;
                double sumAll = 0;
                double maxAll = 0;
                for (int round = 0; round < rounds * 2; round++) {
                    boolean available = round % 2 == 0;
                    Change c = new Change(nick, available, micros);
                    current = c;
                    source.send((available ? "JOIN " : "PART ") + channel);
                    long deadline = c.t0 + TimeUnit.SECONDS.toNanos(30);
                    while (c.count.get() < n && System.nanoTime() < deadline) {
                        Thread.sleep(2);
                    }
                    double all = (c.lastNanos - c.t0) / 1e6;
                    delivered += c.count.get();
                    sumAll += all;
                    maxAll = Math.max(maxAll, all);
                    Thread.sleep(200);
                }
                current = null;
                points.add(new Point(n, rounds * 2, delivered, (long) n * rounds * 2, micros.getValueAtPercentile(50),
                        micros.getValueAtPercentile(99), micros.getValueAtPercentile(99.9), sumAll / (rounds * 2), maxAll));
                System.err.printf(Locale.ROOT, "%s: fan-out to %d occupants: %d/%d presences, p50 %.2f ms, p99 %.2f ms, all N mean %.1f ms%n",
                        gw.name, n, delivered, (long) n * rounds * 2, micros.getValueAtPercentile(50) / 1000.0,
                        micros.getValueAtPercentile(99) / 1000.0, sumAll / (rounds * 2));
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
        return points;
    }

    static void onPresence(Presence p) {
        Change c = current;
        if (c == null || p.getFrom() == null || !p.getFrom().getResourceOrEmpty().toString().equals(c.nick)
                || (p.getType() == Presence.Type.available) != c.available) {
            return;
        }
        long now = System.nanoTime();
        synchronized (c.micros) {
            c.micros.recordValue(Math.min((now - c.t0) / 1000, c.micros.getHighestTrackableValue()));
        }
        c.lastNanos = Math.max(c.lastNanos, now);
        c.count.incrementAndGet();
    }

    static String table(Map<String, List<Point>> fan) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "%nPresence fan-out: one IRC user joins/parts a channel with N XMPP occupants (via the gateway); "
                        + "latency per occupant presence and until all N had it, ms%n"));
        sb.append(String.format(Locale.ROOT, "%-8s %6s %12s %8s %8s %8s %10s %10s%n", "gateway", "N", "delivered", "p50", "p99",
                "p999", "all N mean", "all N max"));
        fan.forEach((gw, points) -> points.forEach(p -> sb.append(String.format(Locale.ROOT, "%-8s %6d %5d/%-6d %8.2f %8.2f %8.2f %10.1f %10.1f%n",
                gw, p.occupants(), p.deliveries(), p.expected(), p.p50() / 1000.0, p.p99() / 1000.0, p.p999() / 1000.0,
                p.meanAllMs(), p.maxAllMs()))));
        return sb.toString();
    }

    static String json(Map<String, List<Point>> fan) {
        List<String> gws = new ArrayList<>();
        fan.forEach((gw, points) -> {
            List<String> rows = new ArrayList<>();
            for (Point p : points) {
                rows.add(String.format(Locale.ROOT, "{\"occupants\":%d,\"changes\":%d,\"delivered\":%d,\"expected\":%d,\"p50us\":%d,"
                        + "\"p99us\":%d,\"p999us\":%d,\"allMeanMs\":%.2f,\"allMaxMs\":%.2f}", p.occupants(), p.changes(), p.deliveries(),
                        p.expected(), p.p50(), p.p99(), p.p999(), p.meanAllMs(), p.maxAllMs()));
            }
            gws.add("\"" + gw + "\":[" + String.join(",", rows) + "]");
        });
        return "{" + String.join(",", gws) + "}";
    }

    private FanoutBench() {
    }
}
