package dev.ferry.irc.gateway;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code irc} section of ferry.yaml, validated: each problem names its key.
 *
 * @param defaultPort     port of IRC servers addressed without one
 * @param tls             connect with TLS
 * @param verifyCertificate verify the server's certificate (on by default; off only for test servers)
 * @param fixedServer     Biboumi's fixed_irc_server: rooms are {@code #chan@irc.gw}; null when off
 * @param realname        the realname sent in USER
 * @param floodBurst      lines sent at once before throttling
 * @param floodLinesPerSecond steady rate after the burst; 0 turns pacing off (for servers that do not throttle)
 * @param lingerSeconds   how long a user's IRC connection stays after they left its last channel
 *                        (a quick rejoin reuses it, and lines still paced by flood control go out)
 * @param trustStore      PEM file of the CAs trusted for IRC over TLS instead of the JDK's (a private
 *                        network's own CA); null: the JDK's. Verification stays on either way.
 */
public record IrcGatewaySettings(int defaultPort, boolean tls, boolean verifyCertificate, String fixedServer,
                                 String realname, int floodBurst, double floodLinesPerSecond, int lingerSeconds,
                                 Path trustStore) {

    public static final Set<String> KEYS = Set.of("default-port", "tls", "verify-certificate", "fixed-server", "realname",
            "flood-burst", "flood-lines-per-second", "linger-seconds", "trust-store");

    public static IrcGatewaySettings from(Map<String, Object> section) {
        List<String> problems = new ArrayList<>();
        section.keySet().stream().filter(k -> !KEYS.contains(k)).sorted()
                .forEach(k -> problems.add("irc." + k + ": unknown key (known: " + KEYS.stream().sorted().toList() + ")"));
        int port = integer(section, "default-port", 6697, 1, 65535, problems);
        boolean tls = bool(section, "tls", true, problems);
        boolean verify = bool(section, "verify-certificate", true, problems);
        Object fixed = section.get("fixed-server");
        String realname = String.valueOf(section.getOrDefault("realname", "Ferry XMPP gateway user"));
        int burst = integer(section, "flood-burst", 5, 1, 1000, problems);
        double rate = decimal(section, "flood-lines-per-second", 2.0, problems);
        int linger = integer(section, "linger-seconds", 10, 0, 86400, problems);
        Path trust = null;
        Object trustSetting = section.get("trust-store");
        if (trustSetting != null && !trustSetting.toString().isBlank()) {
            trust = Path.of(trustSetting.toString().trim());
            if (!Files.isReadable(trust)) {
                problems.add("irc.trust-store: cannot read '" + trust + "' (a PEM file of CA certificates)");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new IrcGatewaySettings(port, tls, verify, fixed == null || fixed.toString().isBlank() ? null : fixed.toString().trim(),
                realname, burst, rate, linger, trust);
    }

    private static int integer(Map<String, Object> s, String key, int dflt, int min, int max, List<String> problems) {
        Object v = s.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            int i = Integer.parseInt(v.toString().trim());
            if (i < min || i > max) {
                problems.add("irc." + key + ": " + i + " is out of range " + min + ".." + max);
            }
            return i;
        } catch (NumberFormatException e) {
            problems.add("irc." + key + ": '" + v + "' is not a whole number");
            return dflt;
        }
    }

    private static double decimal(Map<String, Object> s, String key, double dflt, List<String> problems) {
        Object v = s.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            double d = Double.parseDouble(v.toString().trim());
            if (d < 0 || Double.isNaN(d)) {
                problems.add("irc." + key + ": must be 0 (no pacing) or more");
            }
            return d;
        } catch (NumberFormatException e) {
            problems.add("irc." + key + ": '" + v + "' is not a number");
            return dflt;
        }
    }

    private static boolean bool(Map<String, Object> s, String key, boolean dflt, List<String> problems) {
        Object v = s.get(key);
        if (v == null) {
            return dflt;
        }
        String t = v.toString().trim().toLowerCase(java.util.Locale.ROOT);
        if (!t.equals("true") && !t.equals("false")) {
            problems.add("irc." + key + ": '" + v + "' is not true or false");
            return dflt;
        }
        return Boolean.parseBoolean(t);
    }
}
