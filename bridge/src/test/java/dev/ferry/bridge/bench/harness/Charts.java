package dev.ferry.bridge.bench.harness;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The harness's PNG plots, drawn from the run's JSON: Ferry and its anchor on the same chart. */
final class Charts {

    static void all(JsonNode root, Path dir) throws Exception {
        irc(root.path("irc"), dir);
        sip(root.path("sip"), dir);
        fanout(root.path("irc").path("fanout"), dir);
        memory(root.path("irc").path("memory"), dir);
    }

    /** Open-loop relay rows of one direction for one gateway: x offered/s, rows in order. */
    private static List<JsonNode> rows(JsonNode irc, String dir) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode row : irc.path("relay")) {
            String name = row.path("row").asText();
            if (name.startsWith(dir + " ") && Harness.rate(name) > 0) {
                out.add(row);
            }
        }
        out.sort((a, b) -> Integer.compare(Harness.rate(a.path("row").asText()), Harness.rate(b.path("row").asText())));
        return out;
    }

    static void irc(JsonNode irc, Path dir) throws Exception {
        if (irc.path("relay").isEmpty()) { // a puppets-only run has no relay rows
            return;
        }
        List<Plots.Line> tput = new ArrayList<>();
        List<Double> offeredAll = new ArrayList<>();
        for (String d : List.of("xmpp->irc", "irc->xmpp")) {
            List<JsonNode> rows = rows(irc, d);
            List<Double> x = new ArrayList<>();
            rows.forEach(r -> x.add((double) Harness.rate(r.path("row").asText())));
            if (offeredAll.isEmpty()) {
                offeredAll.addAll(x);
            }
            List<Plots.Line> lat = new ArrayList<>();
            for (String gw : List.of("ferry", "biboumi")) {
                boolean dashed = gw.equals("biboumi");
                List<Double> y = new ArrayList<>();
                rows.forEach(r -> y.add(r.path(gw).path("msgsPerSecond").asDouble()));
                tput.add(new Plots.Line(label(gw) + " " + d, x, y, dashed));
                for (String p : List.of("p50", "p99", "p999")) {
                    List<Double> ly = new ArrayList<>();
                    rows.forEach(r -> ly.add(r.path(gw).path(p + "us").asDouble() / 1000));
                    lat.add(new Plots.Line(label(gw) + " " + p, x, ly, dashed));
                }
            }
            Plots.write(dir.resolve("irc-latency-" + d.replace("->", "-to-") + ".png"), "IRC relay latency " + d.replace("->", " → ")
                    + " vs offered load (Ferry solid, Biboumi dashed)", "offered msgs/s", "latency ms (log)", true, lat);
        }
        tput.add(new Plots.Line("offered", offeredAll, offeredAll, true));
        Plots.write(dir.resolve("irc-throughput.png"), "IRC relay throughput vs offered load (Ferry solid, Biboumi dashed)",
                "offered msgs/s", "delivered msgs/s", false, tput);
    }

    static void sip(JsonNode sip, Path dir) throws Exception {
        if (!sip.isArray() || sip.isEmpty()) {
            return;
        }
        List<Plots.Line> tput = new ArrayList<>();
        List<Plots.Line> lat = new ArrayList<>();
        List<Double> offered = new ArrayList<>();
        for (String gw : List.of("ferry", "kamailio")) {
            boolean dashed = gw.equals("kamailio");
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            List<List<Double>> l = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            for (JsonNode p : sip) {
                if (p.path("gateway").asText().equals(gw)) {
                    x.add(p.path("offered").asDouble());
                    y.add(p.path("perSecond").asDouble() * Math.min(1, p.path("delivered").asDouble() / Math.max(1, p.path("sent").asDouble())));
                    l.get(0).add(p.path("lagP50").asDouble());
                    l.get(1).add(p.path("lagP99").asDouble());
                    l.get(2).add(p.path("lagP999").asDouble());
                }
            }
            if (offered.isEmpty()) {
                offered.addAll(x);
            }
            tput.add(new Plots.Line(label(gw), x, y, dashed));
            lat.add(new Plots.Line(label(gw) + " p50", x, l.get(0), dashed));
            lat.add(new Plots.Line(label(gw) + " p99", x, l.get(1), dashed));
            lat.add(new Plots.Line(label(gw) + " p999", x, l.get(2), dashed));
        }
        tput.add(new Plots.Line("offered", offered, offered, true));
        Plots.write(dir.resolve("sip-throughput.png"), "SIP MESSAGE → XMPP delivered vs offered (Ferry solid, Kamailio xmpp dashed)",
                "offered MESSAGEs/s (SIPp, UDP)", "delivered msgs/s (× share delivered)", false, tput);
        Plots.write(dir.resolve("sip-latency.png"), "SIP MESSAGE → XMPP delivery lag vs offered load (Ferry solid, Kamailio xmpp dashed)",
                "offered MESSAGEs/s", "arrival − intended send, above the fastest message, ms (log)", true, lat);
    }

    static void fanout(JsonNode fan, Path dir) throws Exception {
        if (!fan.isObject() || fan.isEmpty()) {
            return;
        }
        List<Plots.Line> lines = new ArrayList<>();
        for (String gw : List.of("ferry", "biboumi")) {
            JsonNode pts = fan.path(gw);
            List<Double> x = Harness.map(pts, p -> p.path("occupants").asDouble());
            lines.add(new Plots.Line(label(gw) + " until all N (mean)", x, Harness.map(pts, p -> p.path("allMeanMs").asDouble()), gw.equals("biboumi")));
            lines.add(new Plots.Line(label(gw) + " per occupant p99", x, Harness.map(pts, p -> p.path("p99us").asDouble() / 1000), gw.equals("biboumi")));
        }
        Plots.write(dir.resolve("presence-fanout.png"), "Presence fan-out: one IRC join/part to N XMPP occupants (Ferry solid, Biboumi dashed)",
                "occupants N", "ms", false, lines);
    }

    static void memory(JsonNode mem, Path dir) throws Exception {
        if (!mem.isObject() || mem.isEmpty()) {
            return;
        }
        JsonNode f = mem.path("ferry");
        JsonNode b = mem.path("biboumi");
        List<Plots.Line> lines = new ArrayList<>();
        List<Double> fx = Harness.map(f, p -> p.path("users").asDouble());
        lines.add(new Plots.Line("Ferry heap + off-heap", fx,
                Harness.map(f, p -> p.path("rssPerSessionKiB").asDouble() + Math.max(0, p.path("heapPerSessionKiB").asDouble())), false));
        lines.add(new Plots.Line("Ferry heap (after full GC)", fx, Harness.map(f, p -> p.path("heapPerSessionKiB").asDouble()), false));
        lines.add(new Plots.Line("Biboumi RSS", Harness.map(b, p -> p.path("users").asDouble()),
                Harness.map(b, p -> p.path("rssPerSessionKiB").asDouble()), true));
        Plots.write(dir.resolve("puppet-memory.png"), "Memory per IRC puppet session (growth over baseline / N)", "puppet sessions N",
                "KiB per session", false, lines);
    }

    private static String label(String gw) {
        return switch (gw) {
            case "ferry" -> "Ferry";
            case "biboumi" -> "Biboumi";
            default -> "Kamailio xmpp";
        };
    }

    private Charts() {
    }
}
