package dev.ferry.bridge.bench.irc;

import dev.ferry.bridge.bench.BenchArgs;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the time of a relayed line goes, stage by stage, read from a loopback capture of an
 * IrcRelayBench run that includes the c2s port (src/bench/irc/latency.sh): every numbered bench
 * line is seen leaving the load generator, passing Prosody, the gateway and ngIRCd, and reaching
 * the receiving clients. {@link AddedLatency} gives the gateway's part only; this splits the
 * end-to-end time, so a tail can be pinned on the stage that makes it.
 * <ul>
 *   <li>xmpp->irc: gen (intended send → packet to Prosody) · prosody (→ packet to the gateway) ·
 *       gateway (→ packet to ngIRCd) · ngircd (→ packet to the watching IRC client);</li>
 *   <li>irc->xmpp: gen (intended send → packet to ngIRCd) · ngircd (→ first copy to a puppet) ·
 *       gateway (first copy in → last copy out to Prosody) · prosody (→ last copy to a user).</li>
 * </ul>
 * The load generator stamps its intended send time with its own monotonic clock; the capture's
 * clock is the kernel's. Their offset is taken as the smallest difference in the row, so "gen" is
 * the generator's lateness above its most punctual line (an estimate, fine for tails).
 *
 * <p>Input: the text of {@code tcpdump -r CAPTURE -tt -nn -A}. Args: {@code --capture FILE
 * --irc-port PORT --component-port PORT --c2s-port PORT [--watcher-nick wf,wb]}.
 */
public final class RelayStages {

    private static final Pattern BENCH_LINE = Pattern.compile(IrcRelayBench.TAG + " (\\d+) (\\d+) (\\d+)");
    private static final Pattern IRC_LINE = Pattern.compile("PRIVMSG #\\S+ :" + IrcRelayBench.TAG + " (\\d+) (\\d+) (\\d+)");

    /** Sightings of one line, microseconds of the capture clock; 0 = not seen. */
    static final class Line {
        long intendedMicros;       // load generator's clock
        long toC2s;                // load generator → Prosody (first)
        long fromServerFirst;      // Prosody → gateway
        long toServerFirst;        // gateway → Prosody
        long toServerLast;
        long fromC2sLast;          // Prosody → load generator (last copy)
        long toIrcFirst;           // a client → ngIRCd (gateway puppet or watcher)
        long fromIrcFirst;         // ngIRCd → a gateway puppet
        long toWatcher;            // ngIRCd → the watching IRC client
    }

    private final int ircPort;
    private final int componentPort;
    private final int c2sPort;
    private final List<String> watcherNicks;
    /** The watching IRC clients' local ports (one per gateway: wf, wb). */
    private final java.util.Set<Integer> watcherPorts = new java.util.HashSet<>();
    final Map<Long, Line> lines = new HashMap<>();

    RelayStages(int ircPort, int componentPort, int c2sPort, String watcherNick) {
        this.ircPort = ircPort;
        this.componentPort = componentPort;
        this.c2sPort = c2sPort;
        this.watcherNicks = List.of(watcherNick.split(","));
    }

    void read(BufferedReader in) throws IOException {
        TcpdumpText.read(in, this::packet);
    }

    void packet(long micros, int src, int dst, CharSequence payload) {
        boolean irc = src == ircPort || dst == ircPort;
        if (irc && dst == ircPort) {
            for (String nick : watcherNicks) {
                if (payload.toString().contains("NICK " + nick + "\n")) {
                    watcherPorts.add(src);
                }
            }
        }
        Matcher m = irc ? IRC_LINE.matcher(payload) : BENCH_LINE.matcher(payload);
        while (m.find()) {
            Line l = lines.computeIfAbsent(AddedLatency.key(Integer.parseInt(m.group(1)), Long.parseLong(m.group(2))), k -> new Line());
            l.intendedMicros = Long.parseLong(m.group(3)) / 1000;
            if (irc) {
                if (dst == ircPort) {
                    l.toIrcFirst = TcpdumpText.first(l.toIrcFirst, micros);
                } else if (watcherPorts.contains(dst)) {
                    l.toWatcher = TcpdumpText.first(l.toWatcher, micros);
                } else {
                    l.fromIrcFirst = TcpdumpText.first(l.fromIrcFirst, micros);
                }
            } else if (dst == c2sPort) {
                l.toC2s = TcpdumpText.first(l.toC2s, micros);
            } else if (src == c2sPort) {
                l.fromC2sLast = Math.max(l.fromC2sLast, micros);
            } else if (src == componentPort) {
                l.fromServerFirst = TcpdumpText.first(l.fromServerFirst, micros);
            } else if (dst == componentPort) {
                l.toServerFirst = TcpdumpText.first(l.toServerFirst, micros);
                l.toServerLast = Math.max(l.toServerLast, micros);
            }
        }
    }

    /** One line's stages in microseconds, named in order; {@code total} from intended send to the last stage's end. */
    record Stages(long seq, Map<String, Long> micros, long total) {
    }

    /** Per row: direction and the lines' stages (lines not seen at every point are left out). */
    Map<Integer, List<Stages>> rows(Map<Integer, String> directions) {
        Map<Integer, List<long[]>> raw = new TreeMap<>();
        Map<Integer, List<Line>> byRow = new TreeMap<>();
        lines.forEach((key, l) -> byRow.computeIfAbsent((int) (key >>> 40), r -> new ArrayList<>()).add(l));
        Map<Integer, List<Stages>> out = new TreeMap<>();
        byRow.forEach((row, ls) -> {
            boolean toIrc = ls.stream().filter(l -> l.toC2s != 0 && l.toIrcFirst != 0).count() > ls.size() / 2;
            directions.put(row, toIrc ? "xmpp->irc" : "irc->xmpp");
            long offset = Long.MAX_VALUE;
            for (Line l : ls) {
                long sent = toIrc ? l.toC2s : l.toIrcFirst;
                if (sent != 0) {
                    offset = Math.min(offset, sent - l.intendedMicros);
                }
            }
            List<Stages> stages = new ArrayList<>();
            for (Map.Entry<Long, Line> e : lines.entrySet()) {
                if ((int) (e.getKey() >>> 40) != row) {
                    continue;
                }
                Line l = e.getValue();
                long seq = e.getKey() & ((1L << 40) - 1);
                Map<String, Long> s = new LinkedHashMap<>();
                long end;
                if (toIrc) {
                    if (l.toC2s == 0 || l.fromServerFirst == 0 || l.toIrcFirst == 0 || l.toWatcher == 0) {
                        continue;
                    }
                    s.put("gen", l.toC2s - l.intendedMicros - offset);
                    s.put("prosody", l.fromServerFirst - l.toC2s);
                    s.put("gateway", l.toIrcFirst - l.fromServerFirst);
                    s.put("ngircd", l.toWatcher - l.toIrcFirst);
                    end = l.toWatcher;
                } else {
                    if (l.toIrcFirst == 0 || l.fromIrcFirst == 0 || l.toServerLast == 0 || l.fromC2sLast == 0) {
                        continue;
                    }
                    s.put("gen", l.toIrcFirst - l.intendedMicros - offset);
                    s.put("ngircd", l.fromIrcFirst - l.toIrcFirst);
                    s.put("gw first", l.toServerFirst - l.fromIrcFirst);
                    s.put("gateway", l.toServerLast - l.fromIrcFirst);
                    s.put("prosody", l.fromC2sLast - l.toServerLast);
                    end = l.fromC2sLast;
                }
                stages.add(new Stages(seq, s, end - l.intendedMicros - offset));
            }
            stages.sort(Comparator.comparingLong(Stages::seq));
            out.put(row, stages);
        });
        return out;
    }

    static long percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    /**
     * Per row and stage: p50 and p99 of the stage alone, and the stage's mean over the slowest 1 %
     * of lines (by total): which stage the tail is made of.
     */
    static String table(Map<Integer, List<Stages>> rows, Map<Integer, String> directions) {
        StringBuilder sb = new StringBuilder();
        rows.forEach((row, stages) -> {
            if (stages.isEmpty()) {
                return;
            }
            List<Long> totals = stages.stream().map(Stages::total).sorted().toList();
            List<Stages> slowest = stages.stream().sorted(Comparator.comparingLong(Stages::total).reversed())
                    .limit(Math.max(1, stages.size() / 100)).toList();
            sb.append(String.format(Locale.ROOT, "row %d %s: %d lines, capture total p50 %.1f p99 %.1f max %.1f ms (slowest 1%%: %d lines)%n",
                    row, directions.get(row), stages.size(), percentile(totals, 50) / 1000.0, percentile(totals, 99) / 1000.0,
                    totals.get(totals.size() - 1) / 1000.0, slowest.size()));
            sb.append(String.format(Locale.ROOT, "  %-10s %9s %9s %9s %14s%n", "stage", "p50 ms", "p99 ms", "max ms", "slowest1% mean"));
            for (String name : stages.get(0).micros().keySet()) {
                List<Long> v = stages.stream().map(s -> s.micros().get(name)).sorted().toList();
                double tailMean = slowest.stream().mapToLong(s -> s.micros().get(name)).average().orElse(0);
                sb.append(String.format(Locale.ROOT, "  %-10s %9.2f %9.2f %9.2f %14.2f%n", name, percentile(v, 50) / 1000.0,
                        percentile(v, 99) / 1000.0, v.get(v.size() - 1) / 1000.0, tailMean / 1000.0));
            }
        });
        return sb.toString();
    }

    /** The slowest lines of a row with their stages, to see whether they come in one burst. */
    static String slowest(Map<Integer, List<Stages>> rows, int row, int n) {
        StringBuilder sb = new StringBuilder();
        List<Stages> stages = rows.getOrDefault(row, List.of());
        stages.stream().sorted(Comparator.comparingLong(Stages::total).reversed()).limit(n)
                .sorted(Comparator.comparingLong(Stages::seq))
                .forEach(s -> {
                    sb.append(String.format(Locale.ROOT, "  seq %6d total %8.2f ms:", s.seq(), s.total() / 1000.0));
                    s.micros().forEach((k, v) -> sb.append(String.format(Locale.ROOT, " %s %.2f", k, v / 1000.0)));
                    sb.append('\n');
                });
        return sb.toString();
    }

    public static void main(String[] args) throws IOException {
        RelayStages r = new RelayStages(Integer.parseInt(BenchArgs.arg(args, "--irc-port", "16767")),
                Integer.parseInt(BenchArgs.arg(args, "--component-port", "19447")), Integer.parseInt(BenchArgs.arg(args, "--c2s-port", "19422")),
                BenchArgs.arg(args, "--watcher-nick", "wf,wb"));
        try (BufferedReader in = Files.newBufferedReader(Path.of(BenchArgs.arg(args, "--capture", "capture.txt")), StandardCharsets.ISO_8859_1)) {
            r.read(in);
        }
        Map<Integer, String> directions = new HashMap<>();
        Map<Integer, List<Stages>> rows = r.rows(directions);
        System.out.println("Stages of each relayed line (kernel timestamps on lo; watcher ports " + r.watcherPorts + "):");
        System.out.print(table(rows, directions));
        int show = Integer.parseInt(BenchArgs.arg(args, "--show-slowest", "0"));
        if (show > 0) {
            for (int row : rows.keySet()) {
                System.out.println("row " + row + " slowest " + show + ":");
                System.out.print(slowest(rows, row, show));
            }
        }
    }
}
