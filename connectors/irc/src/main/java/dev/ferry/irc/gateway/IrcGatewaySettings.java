package dev.ferry.irc.gateway;

import dev.ferry.irc.client.ClientCertificate;
import dev.ferry.spi.SettingsReader;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * @param clientCertificate the gateway's own client certificate for its mirror bots (CertFP / SASL
 *                        EXTERNAL), from {@code client-certificate} and {@code client-key} (PEM files);
 *                        null: none. Users' puppets never use it: each user sets their own.
 */
public record IrcGatewaySettings(int defaultPort, boolean tls, boolean verifyCertificate, String fixedServer,
                                 String realname, int floodBurst, double floodLinesPerSecond, int lingerSeconds,
                                 Path trustStore, ClientCertificate clientCertificate) {

    public static final Set<String> KEYS = Set.of("default-port", "tls", "verify-certificate", "fixed-server", "realname",
            "flood-burst", "flood-lines-per-second", "linger-seconds", "trust-store",
            "client-certificate", "client-key");

    public static IrcGatewaySettings from(Map<String, Object> section) {
        SettingsReader settings = new SettingsReader("irc", section, KEYS);
        int port = settings.integer("default-port", 6697, 1, 65535);
        boolean tls = settings.bool("tls", true);
        boolean verify = settings.bool("verify-certificate", true);
        Object fixed = section.get("fixed-server");
        String realname = String.valueOf(section.getOrDefault("realname", "Ferry XMPP gateway user"));
        int burst = settings.integer("flood-burst", 5, 1, 1000);
        double rate = settings.decimal("flood-lines-per-second", 2.0, "no pacing");
        int linger = settings.integer("linger-seconds", 10, 0, 86400);
        Path trust = null;
        Object trustSetting = section.get("trust-store");
        if (trustSetting != null && !trustSetting.toString().isBlank()) {
            trust = Path.of(trustSetting.toString().trim());
            if (!Files.isReadable(trust)) {
                settings.problem("trust-store", "cannot read '" + trust + "' (a PEM file of CA certificates)");
            }
        }
        ClientCertificate certificate = clientCertificate(section, settings);
        settings.throwIfAny();
        return new IrcGatewaySettings(port, tls, verify, fixed == null || fixed.toString().isBlank() ? null : fixed.toString().trim(),
                realname, burst, rate, linger, trust, certificate);
    }

    /** Both files or neither; read and checked now, so a bad pair stops the start with its key named. */
    private static ClientCertificate clientCertificate(Map<String, Object> section, SettingsReader settings) {
        Object cert = section.get("client-certificate");
        Object key = section.get("client-key");
        boolean hasCert = cert != null && !cert.toString().isBlank();
        boolean hasKey = key != null && !key.toString().isBlank();
        if (!hasCert && !hasKey) {
            return null;
        }
        if (hasCert != hasKey) {
            settings.problem(hasCert ? "client-key" : "client-certificate",
                    "client-certificate and client-key go together (PEM certificate, PKCS#8 key)");
            return null;
        }
        try {
            String pem = Files.readString(Path.of(cert.toString().trim())) + "\n" + Files.readString(Path.of(key.toString().trim()));
            return ClientCertificate.parsePem(pem);
        } catch (java.io.IOException e) {
            settings.problem("client-certificate", "cannot read '" + cert + "' or '" + key + "': " + e.getMessage());
        } catch (IllegalArgumentException e) {
            settings.problem("client-certificate", e.getMessage());
        }
        return null;
    }
}
