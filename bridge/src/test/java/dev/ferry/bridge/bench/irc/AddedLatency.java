package dev.ferry.bridge.bench.irc;

import dev.ferry.bridge.bench.BenchArgs;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * The latency a gateway itself adds, read from a loopback packet capture of an IrcRelayBench run
 * rather than from the load generator's clocks: for every numbered bench line, the time between
 * the packet that brought it into the gateway and the first packet that carried it out.
 * <ul>
 *   <li>irc->xmpp: ngIRCd → gateway (first copy to any puppet) until gateway → XMPP server;</li>
 *   <li>xmpp->irc: XMPP server → gateway until gateway → ngIRCd.</li>
 * </ul>
 * End-to-end figures include Prosody, ngIRCd and the load generator's own scheduling on a shared
 * 2-core machine; this isolates the part a gateway is responsible for. Kernel timestamps on {@code lo}.
 *
 * <p>Input: the text of {@code tcpdump -r CAPTURE -tt -nn -A}. Args: {@code --capture FILE
 * --irc-port PORT --component-port PORT}. The gateway of a line is read from its IRC channel name
 * (#benchf Ferry, #benchb Biboumi); rows are IrcRelayBench row ids ("measuring ... (row N)").
 */
public final class AddedLatency {

    private static final Pattern BENCH_LINE = Pattern.compile(IrcRelayBench.TAG + " (\\d+) (\\d+) ");
    private static final Pattern IRC_LINE = Pattern.compile("PRIVMSG (#\\S+) :" + IrcRelayBench.TAG + " (\\d+) (\\d+) ");

    /** First sighting of one bench line at each of the four points, in microseconds; 0 = not seen. */
    static final class Sightings {
        long fromServer;   // XMPP server → gateway
        long toServer;     // gateway → XMPP server
        long fromIrc;      // ngIRCd → a client
        long toIrc;        // a client → ngIRCd
        String channel;
    }

    private final int ircPort;
    private final int componentPort;
    final Map<Long, Sightings> lines = new HashMap<>();

    AddedLatency(int ircPort, int componentPort) {
        this.ircPort = ircPort;
        this.componentPort = componentPort;
    }

    static long key(int row, long seq) {
        return ((long) row << 40) | seq;
    }

    /** Reads tcpdump's text: a header line per packet, then its bytes as ASCII over one or more lines. */
    void read(BufferedReader in) throws IOException {
        TcpdumpText.read(in, this::packet);
    }

    void packet(long micros, int src, int dst, CharSequence payload) {
        boolean irc = src == ircPort || dst == ircPort;
        Matcher m = irc ? IRC_LINE.matcher(payload) : BENCH_LINE.matcher(payload);
        while (m.find()) {
            int g = irc ? 2 : 1;
            Sightings s = lines.computeIfAbsent(key(Integer.parseInt(m.group(g)), Long.parseLong(m.group(g + 1))), k -> new Sightings());
            if (irc) {
                s.channel = m.group(1);
                if (src == ircPort) {
                    s.fromIrc = TcpdumpText.first(s.fromIrc, micros);
                } else {
                    s.toIrc = TcpdumpText.first(s.toIrc, micros);
                }
            } else if (src == componentPort) {
                s.fromServer = TcpdumpText.first(s.fromServer, micros);
            } else if (dst == componentPort) {
                s.toServer = TcpdumpText.first(s.toServer, micros);
            }
        }
    }

    /** One row's figures: which gateway, which way, and the histogram of added latency in µs. */
    record RowLatency(String gateway, String direction, Histogram micros, int unmatched) {
    }

    /** One matched line: its row, gateway, way, and when it entered and left the gateway (µs). */
    record Line(int row, String gateway, String direction, long inMicros, long outMicros) {
        long micros() {
            return outMicros - inMicros;
        }
    }

    /**
     * Every bench line seen both entering and leaving a gateway; {@code unmatched} gets a count per
     * row of the lines that were not.
     */
    java.util.List<Line> matched(Map<Integer, int[]> unmatched) {
        java.util.List<Line> matched = new java.util.ArrayList<>();
        for (Map.Entry<Long, Sightings> e : lines.entrySet()) {
            int row = (int) (e.getKey() >>> 40);
            Sightings s = e.getValue();
            // The way a line went is told by where it entered first: from the XMPP server, or from an IRC client.
            boolean toIrcWay = s.fromServer != 0 && (s.toIrc == 0 || s.fromServer < s.toIrc);
            long in = toIrcWay ? s.fromServer : s.fromIrc;
            long out = toIrcWay ? s.toIrc : s.toServer;
            if (in == 0 || out == 0 || out < in || s.channel == null) {
                unmatched.computeIfAbsent(row, r -> new int[1])[0]++;
                continue;
            }
            String gateway = s.channel.endsWith("f") ? "ferry" : s.channel.endsWith("b") ? "biboumi" : s.channel;
            matched.add(new Line(row, gateway, toIrcWay ? "xmpp->irc" : "irc->xmpp", in, out));
        }
        return matched;
    }

    Map<Integer, RowLatency> rows() {
        Map<Integer, RowLatency> rows = new TreeMap<>();
        Map<Integer, int[]> unmatched = new HashMap<>();
        for (Line l : matched(unmatched)) {
            RowLatency r = rows.computeIfAbsent(l.row(), k -> new RowLatency(l.gateway(), l.direction(),
                    new Histogram(TimeUnit.MINUTES.toMicros(10), 3), 0));
            r.micros().recordValue(l.micros());
        }
        Map<Integer, RowLatency> withCounts = new TreeMap<>();
        rows.forEach((id, r) -> withCounts.put(id, new RowLatency(r.gateway(), r.direction(), r.micros(),
                unmatched.getOrDefault(id, new int[1])[0])));
        return withCounts;
    }

    static String table(Map<Integer, RowLatency> rows) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-5s %-8s %-10s %8s %9s %9s %9s %9s %9s%n",
                "row", "gateway", "direction", "lines", "p50 ms", "p99 ms", "p999 ms", "max ms", "unmatched"));
        rows.forEach((id, r) -> sb.append(String.format(Locale.ROOT, "%-5d %-8s %-10s %8d %9.3f %9.3f %9.3f %9.3f %9d%n",
                id, r.gateway(), r.direction(), r.micros().getTotalCount(),
                r.micros().getValueAtPercentile(50) / 1000.0, r.micros().getValueAtPercentile(99) / 1000.0,
                r.micros().getValueAtPercentile(99.9) / 1000.0, r.micros().getMaxValue() / 1000.0, r.unmatched())));
        return sb.toString();
    }

    public static void main(String[] args) throws IOException {
        Path capture = Path.of(BenchArgs.arg(args, "--capture", "capture.txt"));
        AddedLatency a = new AddedLatency(Integer.parseInt(BenchArgs.arg(args, "--irc-port", "16767")),
                Integer.parseInt(BenchArgs.arg(args, "--component-port", "19447")));
        try (BufferedReader in = Files.newBufferedReader(capture, StandardCharsets.ISO_8859_1)) {
            a.read(in);
        }
        System.out.println("Added latency per row (packet in → first packet out of the gateway, kernel timestamps on lo):");
        System.out.print(table(a.rows()));
    }
}
