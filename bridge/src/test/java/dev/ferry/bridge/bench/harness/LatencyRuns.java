package dev.ferry.bridge.bench.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * Ferry's p99 against Biboumi's over several runs of {@code src/bench/irc/latency.sh}: one run's
 * light-load p99 ratio moved between 0.55x and 2.7x on the same build, for both gateways' sake
 * (a 10-s row's p99 is its 10 to 50 slowest lines), so the target is judged on the runs together.
 * Prints, per row, each run's ratio, the ratio of the mean p99s, the median ratio (one gateway's
 * collapse in one run, Biboumi's 919 ms at 500/s, swings the means) and how many runs met 1.5x, and
 * draws the median and the worst run per direction.
 *
 * <p>Args: {@code out.png run1/irc.json run2/irc.json ...}
 */
public final class LatencyRuns {

    static final double TARGET = 1.5;

    /** One row of one run: p99 of each gateway in ms. */
    record Sample(double ferryP99, double biboumiP99) {
        double ratio() {
            return ferryP99 / biboumiP99;
        }
    }

    public static void main(String[] args) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> runs = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            runs.add(json.readTree(Path.of(args[i]).toFile()));
        }
        Map<String, TreeMap<Integer, List<Sample>>> byDirection = samples(runs);
        System.out.print(table(byDirection, runs.size()));
        List<Plots.Line> lines = new ArrayList<>();
        List<Double> rates = new ArrayList<>();
        byDirection.forEach((dir, byRate) -> {
            List<Double> x = new ArrayList<>();
            List<Double> median = new ArrayList<>();
            List<Double> worst = new ArrayList<>();
            byRate.forEach((rate, samples) -> {
                x.add((double) rate);
                median.add(medianRatio(samples));
                worst.add(samples.stream().mapToDouble(Sample::ratio).max().orElse(Double.NaN));
            });
            if (rates.isEmpty()) {
                rates.addAll(x);
            }
            lines.add(new Plots.Line(dir + ": median of the runs", x, median, false));
            lines.add(new Plots.Line(dir + ": worst single run", x, worst, true));
        });
        lines.add(new Plots.Line("offered: target " + TARGET + "x", rates, rates.stream().map(r -> TARGET).toList(), true));
        Plots.write(Path.of(args[0]), "IRC relay p99, Ferry / Biboumi, over " + runs.size() + " runs (below the grey line meets the target)",
                "offered msgs/s", "p99 ratio", false, lines);
    }

    /** direction -> rate -> one sample per run that has the row with both gateways. */
    static Map<String, TreeMap<Integer, List<Sample>>> samples(List<JsonNode> runs) {
        Map<String, TreeMap<Integer, List<Sample>>> out = new TreeMap<>(java.util.Comparator.reverseOrder()); // xmpp->irc first
        for (JsonNode run : runs) {
            for (JsonNode row : run.path("relay")) {
                String name = row.path("row").asText();
                int rate = Harness.rate(name);
                if (rate <= 0 || !row.has("ferry") || !row.has("biboumi")) {
                    continue;
                }
                out.computeIfAbsent(name.substring(0, name.indexOf(' ')), d -> new TreeMap<>())
                        .computeIfAbsent(rate, r -> new ArrayList<>())
                        .add(new Sample(row.path("ferry").path("p99us").asDouble() / 1000, row.path("biboumi").path("p99us").asDouble() / 1000));
            }
        }
        return out;
    }

    /** Mean of Ferry's p99s over the mean of Biboumi's: each run's tail weighs by its size, not by its ratio. */
    static double meanRatio(List<Sample> samples) {
        return mean(samples, Sample::ferryP99) / mean(samples, Sample::biboumiP99);
    }

    private static double mean(List<Sample> samples, ToDoubleFunction<Sample> p99) {
        return samples.stream().mapToDouble(p99).average().orElse(Double.NaN);
    }

    /** The middle run's ratio (the mean of the two middle ones for an even count). */
    static double medianRatio(List<Sample> samples) {
        double[] r = samples.stream().mapToDouble(Sample::ratio).sorted().toArray();
        return r.length == 0 ? Double.NaN : r.length % 2 == 1 ? r[r.length / 2] : (r[r.length / 2 - 1] + r[r.length / 2]) / 2;
    }

    static String table(Map<String, TreeMap<Integer, List<Sample>>> byDirection, int runs) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "p99 Ferry / Biboumi over %d runs (target <= %.1fx)%n", runs, TARGET));
        out.append(String.format(Locale.ROOT, "%-18s %-44s %10s %10s %12s %12s %6s%n", "row", "each run", "mean F ms", "mean B ms",
                "ratio of means", "median ratio", "met"));
        byDirection.forEach((dir, byRate) -> byRate.forEach((rate, samples) -> {
            StringBuilder each = new StringBuilder();
            samples.forEach(s -> each.append(String.format(Locale.ROOT, "%.2f ", s.ratio())));
            long met = samples.stream().filter(s -> s.ratio() <= TARGET).count();
            out.append(String.format(Locale.ROOT, "%-18s %-44s %10.2f %10.2f %13.2fx %11.2fx %3d/%d%n", dir + " " + rate + "/s",
                    each.toString().trim(), mean(samples, Sample::ferryP99), mean(samples, Sample::biboumiP99), meanRatio(samples),
                    medianRatio(samples), met, samples.size()));
        }));
        return out.toString();
    }

    private LatencyRuns() {
    }
}
