package dev.ferry.spi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads one connector's config section ({@code irc:}, {@code sip:}, {@code mail:}) the same way for
 * every network: each problem is collected with its full key ({@code sip.max-body-size: ...}), so an
 * operator sees all of them at once, and unknown keys are problems too (a typo is not a default).
 */
public final class SettingsReader {

    private final String network;
    private final Map<String, Object> section;
    private final List<String> problems = new ArrayList<>();

    public SettingsReader(String network, Map<String, Object> section, Set<String> knownKeys) {
        this.network = network;
        this.section = section;
        section.keySet().stream().filter(k -> !knownKeys.contains(k)).sorted()
                .forEach(k -> problem(k, "unknown key (known: " + knownKeys.stream().sorted().toList() + ")"));
    }

    /** The problems so far; a connector adds its own checks here. */
    public List<String> problems() {
        return problems;
    }

    public void problem(String key, String message) {
        problems.add(network + "." + key + ": " + message);
    }

    /** Throws one exception naming every problem, if there is any. */
    public void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    public int integer(String key, int dflt, int min, int max) {
        Object v = section.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            int i = Integer.parseInt(v.toString().trim());
            if (i < min || i > max) {
                problem(key, i + " is out of range " + min + ".." + max);
            }
            return i;
        } catch (NumberFormatException e) {
            problem(key, "'" + v + "' is not a whole number");
            return dflt;
        }
    }

    /** A number of 0 or more; {@code zeroMeans} says what 0 does ("no limit"). */
    public double decimal(String key, double dflt, String zeroMeans) {
        Object v = section.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            double d = Double.parseDouble(v.toString().trim());
            if (d < 0 || Double.isNaN(d)) {
                problem(key, "must be 0 (" + zeroMeans + ") or more");
            }
            return d;
        } catch (NumberFormatException e) {
            problem(key, "'" + v + "' is not a number");
            return dflt;
        }
    }

    public boolean bool(String key, boolean dflt) {
        Object v = section.get(key);
        if (v == null) {
            return dflt;
        }
        String t = v.toString().trim().toLowerCase(Locale.ROOT);
        if (!t.equals("true") && !t.equals("false")) {
            problem(key, "'" + v + "' is not true or false");
            return dflt;
        }
        return Boolean.parseBoolean(t);
    }

    /** A YAML list, or a comma-separated string (as an environment variable gives it). */
    public List<String> list(String key, List<String> dflt) {
        Object value = section.get(key);
        if (value == null) {
            return dflt;
        }
        if (value instanceof List<?> l) {
            return l.stream().map(String::valueOf).map(String::trim).filter(s -> !s.isEmpty()).toList();
        }
        return Arrays.stream(value.toString().split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
