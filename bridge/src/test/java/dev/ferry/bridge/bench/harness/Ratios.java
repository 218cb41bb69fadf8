package dev.ferry.bridge.bench.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * Ferry-to-anchor ratios of one run against issue 7's targets: IRC relay throughput at least
 * Biboumi's, IRC p99 latency at most 1.5x Biboumi's, memory per puppet session at most 2x
 * Biboumi's, SIP MESSAGE throughput at least Kamailio's xmpp module's. Fan-out is reported
 * as a ratio without a target (issue 7 sets none).
 */
final class Ratios {

    static ArrayNode of(JsonNode root) {
        ArrayNode out = Harness.array();
        JsonNode irc = root.path("irc");
        for (JsonNode row : irc.path("relay")) {
            String name = row.path("row").asText();
            JsonNode f = row.path("ferry");
            JsonNode b = row.path("biboumi");
            if (Harness.rate(name) < 0) {
                add(out, "IRC relay throughput, " + name, "msgs/s", f.path("msgsPerSecond").asDouble(), b.path("msgsPerSecond").asDouble(),
                        true, 1.0, "Biboumi");
            } else {
                add(out, "IRC p99 latency, " + name, "ms", f.path("p99us").asDouble() / 1000, b.path("p99us").asDouble() / 1000,
                        false, 1.5, "Biboumi");
            }
        }
        JsonNode fm = irc.path("memory").path("ferry");
        JsonNode bm = irc.path("memory").path("biboumi");
        for (int i = 0; i < Math.min(fm.size(), bm.size()); i++) {
            JsonNode f = fm.get(i);
            JsonNode b = bm.get(i);
            double ferry = f.path("rssPerSessionKiB").asDouble() + Math.max(0, f.path("heapPerSessionKiB").asDouble());
            add(out, "memory per puppet session, N=" + f.path("users").asInt() + " (Biboumi N=" + b.path("users").asInt() + ")", "KiB",
                    ferry, b.path("rssPerSessionKiB").asDouble(), false, 2.0, "Biboumi");
            if (i > 0 && f.has("marginalKiBPerSession") && b.has("marginalKiBPerSession")) {
                // the cost of one more session, without the fixed costs the first step pays (JIT, pools)
                add(out, "memory per added puppet session, N=" + fm.get(i - 1).path("users").asInt() + "->" + f.path("users").asInt(), "KiB",
                        f.path("marginalKiBPerSession").asDouble(), b.path("marginalKiBPerSession").asDouble(), false, 2.0, "Biboumi");
            }
        }
        JsonNode ff = irc.path("fanout").path("ferry");
        JsonNode bf = irc.path("fanout").path("biboumi");
        for (int i = 0; i < Math.min(ff.size(), bf.size()); i++) {
            add(out, "presence fan-out to N=" + ff.get(i).path("occupants").asInt() + ", time until all N", "ms",
                    ff.get(i).path("allMeanMs").asDouble(), bf.get(i).path("allMeanMs").asDouble(), false, Double.NaN, "Biboumi");
        }
        double fPeak = 0;
        double kPeak = 0;
        for (JsonNode p : root.path("sip")) {
            if (p.path("gateway").asText().equals("ferry")) {
                fPeak = Math.max(fPeak, p.path("perSecond").asDouble());
            } else {
                kPeak = Math.max(kPeak, p.path("perSecond").asDouble());
            }
        }
        for (JsonNode p : root.path("sip")) {
            if (p.path("gateway").asText().equals("ferry")) {
                for (JsonNode k : root.path("sip")) {
                    if (k.path("gateway").asText().equals("kamailio") && k.path("offered").asInt() == p.path("offered").asInt()) {
                        ObjectNode n = add(out, "SIP MESSAGE->XMPP delivered at " + p.path("offered").asInt() + "/s offered", "msgs/s",
                                p.path("perSecond").asDouble() * Math.min(1, (double) p.path("delivered").asInt() / Math.max(1, p.path("sent").asInt())),
                                k.path("perSecond").asDouble() * Math.min(1, (double) k.path("delivered").asInt() / Math.max(1, k.path("sent").asInt())),
                                true, 1.0, "Kamailio");
                        if (p.path("delivered").asInt() >= p.path("sent").asInt() && k.path("delivered").asInt() >= k.path("sent").asInt()) {
                            // both carried the whole offered load: the rates differ only by when the first and last arrived
                            n.put("met", true);
                            n.put("note", "both delivered everything offered");
                        }
                    }
                }
            }
        }
        if (fPeak > 0 || kPeak > 0) {
            add(out, "SIP MESSAGE->XMPP peak delivered rate over the offered rates", "msgs/s", fPeak, kPeak, true, 1.0, "Kamailio");
        }
        return out;
    }

    /** higherIsBetter: target is ratio >= bound; else ratio <= bound; NaN bound: no target. */
    private static ObjectNode add(ArrayNode out, String metric, String unit, double ferry, double anchor, boolean higherIsBetter, double bound,
                            String anchorName) {
        ObjectNode n = out.addObject();
        n.put("metric", metric);
        n.put("unit", unit);
        n.put("ferry", round(ferry));
        n.put("anchor", anchorName);
        n.put("anchorValue", round(anchor));
        double ratio = anchor == 0 ? Double.NaN : ferry / anchor;
        n.put("ratio", round(ratio));
        if (!Double.isNaN(bound)) {
            n.put("target", (higherIsBetter ? ">= " : "<= ") + bound);
            n.put("met", !Double.isNaN(ratio) && (higherIsBetter ? ratio >= bound : ratio <= bound));
        }
        return n;
    }

    private static double round(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? -1 : Math.round(v * 1000) / 1000.0;
    }

    static String summary(JsonNode ratios) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%nRatios, Ferry / anchor, same run (issue 7 targets)%n"));
        sb.append(String.format(Locale.ROOT, "%-70s %10s %10s %8s %8s %s%n", "metric", "ferry", "anchor", "ratio", "target", "verdict"));
        for (JsonNode n : ratios) {
            sb.append(String.format(Locale.ROOT, "%-70s %10.2f %10.2f %7.2fx %8s %s%n", n.path("metric").asText() + " [" + n.path("unit").asText()
                    + "] vs " + n.path("anchor").asText(), n.path("ferry").asDouble(), n.path("anchorValue").asDouble(),
                    n.path("ratio").asDouble(), n.path("target").asText("-"),
                    n.has("met") ? (n.path("met").asBoolean() ? "met" : "MISSED") : "(no target)"));
        }
        return sb.toString();
    }

    private Ratios() {
    }
}
