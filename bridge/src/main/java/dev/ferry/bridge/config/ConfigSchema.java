package dev.ferry.bridge.config;

import dev.ferry.bridge.config.ConfigKey.Type;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Every key Ferry reads. Sections listed in {@link #OPEN_SECTIONS} belong to a connector, which
 * validates them itself; any other key not listed here is a typo and refused at start.
 */
public final class ConfigSchema {

    public static final List<String> NETWORKS = List.of("irc", "sip", "mail");

    public static final Set<String> OPEN_SECTIONS = Set.of("irc", "sip", "mail");

    public static final List<ConfigKey> KEYS = List.of(
            new ConfigKey("xmpp.host", Type.STRING, "127.0.0.1", false,
                    "Host of the XMPP server's component port."),
            new ConfigKey("xmpp.port", Type.INT, "5347", false,
                    "Component port (XEP-0114) of the XMPP server."),
            new ConfigKey("xmpp.fail-fast", Type.BOOLEAN, "false", false,
                    "Exit non-zero when the server refuses a component handshake (wrong secret, unknown domain) instead of retrying with backoff."),
            new ConfigKey("xmpp.max-stanza-size", Type.INT, "262144", false,
                    "Largest stanza in bytes accepted from the server; a larger one ends the stream with policy-violation and the link reconnects."),
            new ConfigKey("xmpp.keepalive-seconds", Type.INT, "60", false,
                    "Idle time after which a whitespace keepalive is sent."),
            new ConfigKey("xmpp.ping-interval-seconds", Type.INT, "300", false,
                    "Interval of XEP-0199 pings from each component to its server; an unanswered ping restarts the link. 0 turns them off."),
            new ConfigKey("xmpp.delivery-check-seconds", Type.INT, "10", false,
                    "Messages and presences written to a component link stay unconfirmed until a XEP-0199 round trip through the server"
                            + " after them is answered; unanswered within this time the connection is dropped and they are written again."
                            + " 0 turns the check off (a stanza then counts as sent once written)."),
            component("irc"), secret("irc"), mode("irc"), certificate("irc"), privateKey("irc"),
            component("sip"), secret("sip"), mode("sip"), certificate("sip"), privateKey("sip"),
            component("mail"), secret("mail"), mode("mail"), certificate("mail"), privateKey("mail"),
            new ConfigKey("xmpp.s2s.listen", Type.HOST_PORT, "0.0.0.0:5269", false,
                    "Where domains in s2s mode accept server-to-server streams (RFC 6120)."),
            new ConfigKey("xmpp.s2s.require-tls", Type.BOOLEAN, "true", false,
                    "Require STARTTLS on every server-to-server stream, both ways."),
            new ConfigKey("xmpp.s2s.trust-store", Type.STRING, "", false,
                    "PEM file of the CA certificates trusted for other servers' certificates; empty: the JDK's default CAs."),
            new ConfigKey("xmpp.s2s.dialback-secret-file", Type.STRING, "./data/dialback.key", false,
                    "Server Dialback (XEP-0220/0185) secret; generated with mode 0600 on first start, kept across restarts."),
            new ConfigKey("xmpp.s2s.hosts", Type.LIST, "", false,
                    "Static routes tried before DNS, each domain=host:port. In the environment: comma-separated."),
            new ConfigKey("xmpp.s2s.dns-server", Type.HOST_PORT, "", false,
                    "DNS server (host:port) for SRV/A/AAAA lookups; empty: the first nameserver of /etc/resolv.conf."),
            new ConfigKey("xmpp.s2s.idle-timeout-seconds", Type.INT, "600", false,
                    "An outgoing server-to-server connection without traffic for this long is closed."),
            new ConfigKey("xmpp.s2s.bounce-after-seconds", Type.INT, "300", false,
                    "Stanzas waiting for an unreachable domain are answered remote-server-not-found/-timeout after this long."),
            new ConfigKey("xmpp.s2s.max-connections-per-peer", Type.INT, "8", false,
                    "Most incoming server-to-server connections accepted from one IP address at once."),
            new ConfigKey("store.url", Type.STRING, "jdbc:h2:file:./data/ferry", false,
                    "JDBC URL of the store: an H2 file (default) or jdbc:postgresql://host:port/db."),
            new ConfigKey("store.user", Type.STRING, "", false, "Database user (PostgreSQL)."),
            new ConfigKey("store.password", Type.STRING, "", true, "Database password (PostgreSQL)."),
            new ConfigKey("store.key", Type.STRING, "", true,
                    "Base64 AES-256 key that encrypts credentials at rest. Empty: use store.key-file."),
            new ConfigKey("store.key-file", Type.STRING, "./data/ferry.key", false,
                    "Key file used when store.key is empty; generated with mode 0600 on first start."),
            new ConfigKey("store.max-pool-size", Type.INT, "8", false, "Connections in the store's pool."),
            new ConfigKey("http.listen", Type.HOST_PORT, "127.0.0.1:8787", false,
                    "Address of the /health and /metrics endpoint; empty turns it off."),
            new ConfigKey("admins", Type.LIST, "", false,
                    "Bare JIDs allowed to run admin commands. In the environment: comma-separated."),
            new ConfigKey("routes", Type.STRING, "", false,
                    "Directory of extra Camel YAML DSL routes (*.yaml). A file named like a default route replaces it."));

    private ConfigSchema() {
    }

    private static ConfigKey component(String network) {
        return new ConfigKey("xmpp.components." + network + ".domain", Type.DOMAIN, "", false,
                "Component domain of the " + network + " gateway; leave the component out to turn the network off.");
    }

    private static ConfigKey mode(String network) {
        return new ConfigKey("xmpp.components." + network + ".mode", Type.STRING, "component", false,
                "component: an external component (XEP-0114) of the server at xmpp.host; s2s: the domain federates on its own (xmpp.s2s).");
    }

    private static ConfigKey certificate(String network) {
        return new ConfigKey("xmpp.components." + network + ".certificate", Type.STRING, "", false,
                "s2s mode: PEM certificate chain of the " + network + " domain.");
    }

    private static ConfigKey privateKey(String network) {
        return new ConfigKey("xmpp.components." + network + ".private-key", Type.STRING, "", false,
                "s2s mode: PEM (PKCS#8) private key of the " + network + " domain's certificate.");
    }

    private static ConfigKey secret(String network) {
        return new ConfigKey("xmpp.components." + network + ".secret", Type.STRING, "", true,
                "Shared secret of the " + network + " component, as configured on the XMPP server.");
    }

    public static Optional<ConfigKey> key(String path) {
        return KEYS.stream().filter(k -> k.path().equals(path)).findFirst();
    }

    public static boolean isSecret(String path) {
        return key(path).map(ConfigKey::secret).orElse(path.endsWith("password") || path.endsWith("secret"));
    }
}
