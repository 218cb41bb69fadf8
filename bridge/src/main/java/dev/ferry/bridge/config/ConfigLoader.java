package dev.ferry.bridge.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import dev.ferry.mappings.crypto.KeyMaterial;

/**
 * Reads {@code ferry.yaml}, applies {@code FERRY_*} environment overrides and checks every value.
 * All problems are reported together, each naming its key, so one edit fixes them all.
 */
public final class ConfigLoader {

    private static final Pattern DOMAIN = Pattern.compile(
            "(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*",
            Pattern.CASE_INSENSITIVE);

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    private final Map<String, String> env;
    private final Map<String, java.util.Set<String>> connectorKeys;

    public ConfigLoader(Map<String, String> env) {
        this(env, ConnectorKeys.installed());
    }

    /** @param connectorKeys each network's section keys, as its connector declares them */
    public ConfigLoader(Map<String, String> env, Map<String, java.util.Set<String>> connectorKeys) {
        this.env = Map.copyOf(env);
        this.connectorKeys = Map.copyOf(connectorKeys);
    }

    public static FerryConfig load(Path file) throws ConfigException {
        return new ConfigLoader(System.getenv()).read(file);
    }

    public FerryConfig read(Path file) throws ConfigException {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("config file " + file.toAbsolutePath()
                    + " not found: pass --config FILE or create it from config/ferry.yaml");
        }
        try {
            return read(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new ConfigException("config file " + file + " cannot be read: " + e.getMessage());
        }
    }

    public FerryConfig read(String text, String origin) throws ConfigException {
        Map<String, JsonNode> values = flatten(parse(text, origin));
        List<String> problems = new ArrayList<>();
        rejectUnknownKeys(values, problems);
        applyEnvironment(values);
        ValueReader read = new ValueReader(values, problems);

        List<ComponentConfig> components = new ArrayList<>();
        for (String network : ConfigSchema.NETWORKS) {
            String prefix = "xmpp.components." + network + ".";
            String domain = read.string(prefix + "domain");
            String secret = read.string(prefix + "secret");
            String mode = read.string(prefix + "mode");
            if (domain.isEmpty() && secret.isEmpty()) {
                continue;
            }
            if (!mode.equals(ComponentConfig.COMPONENT) && !mode.equals(ComponentConfig.S2S)) {
                problems.add(prefix + "mode: '" + mode + "' is neither component nor s2s");
            }
            if (domain.isEmpty()) {
                problems.add(prefix + "domain: missing; the " + network + " component has a secret but no domain");
            } else if (!DOMAIN.matcher(domain).matches()) {
                problems.add(prefix + "domain: '" + domain + "' is not a domain name");
            }
            if (mode.equals(ComponentConfig.S2S)) {
                for (String file : List.of("certificate", "private-key")) {
                    if (read.string(prefix + file).isEmpty()) {
                        problems.add(prefix + file + ": missing; a domain in s2s mode needs its TLS " + file + " (PEM file)");
                    }
                }
            } else if (secret.isEmpty()) {
                problems.add(prefix + "secret: missing (set it in the config file or in "
                        + ConfigKey.envNameOf(prefix + "secret") + ")");
            }
            components.add(new ComponentConfig(network, domain.toLowerCase(Locale.ROOT), secret, mode,
                    read.string(prefix + "certificate"), read.string(prefix + "private-key")));
        }
        if (components.isEmpty()) {
            problems.add("xmpp.components: no component configured; set at least xmpp.components.irc.domain and .secret");
        }
        XmppConfig xmpp = new XmppConfig(read.string("xmpp.host"), read.integer("xmpp.port", 1, 65535),
                read.bool("xmpp.fail-fast"), read.integer("xmpp.max-stanza-size", 4096, 64 * 1024 * 1024),
                read.integer("xmpp.keepalive-seconds", 1, 3600), read.integer("xmpp.ping-interval-seconds", 0, 86400),
                components, s2s(read, problems), read.integer("xmpp.delivery-check-seconds", 0, 3600));
        if (xmpp.anyS2s() && xmpp.s2s().listen().isEmpty()) {
            problems.add("xmpp.s2s.listen: empty, but a domain is in s2s mode and must accept other servers' connections");
        }
        if (xmpp.host().isBlank()) {
            problems.add("xmpp.host: missing");
        }
        StoreConfig store = new StoreConfig(read.string("store.url"), read.string("store.user"),
                read.string("store.password"), read.string("store.key"), read.string("store.key-file"),
                read.integer("store.max-pool-size", 1, 256));
        if (!store.url().startsWith("jdbc:h2:") && !store.url().startsWith("jdbc:postgresql:")) {
            problems.add("store.url: '" + store.url() + "' is neither jdbc:h2:... nor jdbc:postgresql:...");
        }
        if (problems.isEmpty()) {
            xmpp = new XmppConfig(xmpp.host(), xmpp.port(), xmpp.failFast(), xmpp.maxStanzaSize(), xmpp.keepaliveSeconds(),
                    xmpp.pingIntervalSeconds(), decryptSecrets(components, store, problems), xmpp.s2s(),
                    xmpp.deliveryCheckSeconds());
            store = decryptStorePassword(store, problems);
        }
        Optional<InetSocketAddress> http = read.hostPort("http.listen");
        List<String> admins = read.list("admins");
        String routes = read.string("routes");
        Map<String, Map<String, Object>> networks = new LinkedHashMap<>();
        for (String section : ConfigSchema.OPEN_SECTIONS) {
            networks.put(section, read.section(section));
        }
        StoreConfig keyStore = store;
        networks.forEach((section, sectionValues) -> decryptSectionSecrets(section, sectionValues, keyStore, problems));
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new FerryConfig(xmpp, store, http, admins,
                routes.isEmpty() ? Optional.empty() : Optional.of(Path.of(routes)), networks);
    }

    private static S2sConfig s2s(ValueReader read, List<String> problems) {
        List<String> hosts = read.list("xmpp.s2s.hosts");
        for (String entry : hosts) {
            int eq = entry.indexOf('=');
            int colon = entry.lastIndexOf(':');
            if (eq <= 0 || colon < eq || !entry.substring(colon + 1).matches("[0-9]{1,5}")) {
                problems.add("xmpp.s2s.hosts: '" + entry + "' is not domain=host:port");
            }
        }
        return new S2sConfig(read.hostPort("xmpp.s2s.listen"), read.bool("xmpp.s2s.require-tls"),
                read.string("xmpp.s2s.trust-store"), read.string("xmpp.s2s.dialback-secret-file"), hosts,
                read.hostPort("xmpp.s2s.dns-server"), read.integer("xmpp.s2s.idle-timeout-seconds", 1, 86400),
                read.integer("xmpp.s2s.bounce-after-seconds", 1, 86400),
                read.integer("xmpp.s2s.max-connections-per-peer", 1, 10000));
    }

    private List<ComponentConfig> decryptSecrets(List<ComponentConfig> components, StoreConfig store, List<String> problems) {
        List<ComponentConfig> out = new ArrayList<>();
        for (ComponentConfig c : components) {
            String path = "xmpp.components." + c.network() + ".secret";
            out.add(c.s2s() ? c : new ComponentConfig(c.network(), c.domain(), plain(path, c.secret(), store, problems),
                    c.mode(), c.certificate(), c.privateKey()));
        }
        return out;
    }

    private StoreConfig decryptStorePassword(StoreConfig s, List<String> problems) {
        return new StoreConfig(s.url(), s.user(), plain("store.password", s.password(), s, problems), s.key(),
                s.keyFile(), s.maxPoolSize());
    }

    /** Connector sections may hold secrets too ({@code mail.smarthost-password}): {@code enc:v1:} values are decrypted the same way. */
    private void decryptSectionSecrets(String section, Map<String, Object> values, StoreConfig store, List<String> problems) {
        values.replaceAll((key, value) -> value instanceof String text && ConfigSchema.isSecret(section + "." + key)
                ? plain(section + "." + key, text, store, problems) : value);
    }

    private SecretKey storeKey;

    /** An {@code enc:v1:} value decrypted with the store key; a plain value as it is. */
    private String plain(String path, String value, StoreConfig store, List<String> problems) {
        if (!SecretValues.isEncrypted(value)) {
            return value;
        }
        try {
            if (storeKey == null) {
                storeKey = KeyMaterial.load(store.toSettings());
            }
            return SecretValues.decrypt(storeKey, path, value);
        } catch (RuntimeException e) {
            problems.add(e.getMessage());
            return "";
        }
    }

    private JsonNode parse(String text, String origin) throws ConfigException {
        try {
            JsonNode root = yaml.readTree(text);
            if (root == null || root.isNull() || root.isMissingNode()) {
                return yaml.createObjectNode();
            }
            if (!root.isObject()) {
                throw new ConfigException(origin + ": the top level must be a mapping of keys");
            }
            return root;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new ConfigException(origin + ": not valid YAML" + where + ": " + e.getOriginalMessage());
        }
    }

    private static Map<String, JsonNode> flatten(JsonNode root) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        flatten("", root, out);
        return out;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, JsonNode> out) {
        if (node.isObject() && !(prefix.isEmpty() && node.isEmpty())) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                flatten(prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey(), f.getValue(), out);
            }
        } else if (!prefix.isEmpty()) {
            out.put(prefix, node);
        }
    }

    private static void rejectUnknownKeys(Map<String, JsonNode> values, List<String> problems) {
        for (String path : values.keySet()) {
            String section = path.split("\\.", 2)[0];
            if (ConfigSchema.OPEN_SECTIONS.contains(section) || ConfigSchema.key(path).isPresent()) {
                continue;
            }
            problems.add(path + ": unknown key" + suggestion(path));
        }
    }

    private static String suggestion(String path) {
        return ConfigSchema.KEYS.stream().map(ConfigKey::path)
                .filter(known -> distance(known, path) <= 2).findFirst()
                .map(known -> " (did you mean " + known + "?)").orElse("");
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /**
     * Known keys take their override by exact name. In a connector's section an override replaces
     * the key whose env name matches, or sets a key the connector declares; any other
     * {@code FERRY_IRC_...} variable is not Ferry's (peer scripts use some) and is left alone.
     */
    private void applyEnvironment(Map<String, JsonNode> values) {
        for (ConfigKey key : ConfigSchema.KEYS) {
            String v = env.get(key.envName());
            if (v != null) {
                values.put(key.path(), yaml.getNodeFactory().textNode(v));
            }
        }
        for (String section : ConfigSchema.OPEN_SECTIONS) {
            String prefix = ConfigKey.envNameOf(section) + "_";
            env.forEach((name, v) -> {
                if (!name.startsWith(prefix)) {
                    return;
                }
                java.util.Optional<String> path = values.keySet().stream()
                        .filter(p -> p.startsWith(section + ".") && ConfigKey.envNameOf(p).equals(name))
                        .findFirst()
                        .or(() -> connectorKeys.getOrDefault(section, java.util.Set.of()).stream()
                                .map(k -> section + "." + k)
                                .filter(p -> ConfigKey.envNameOf(p).equals(name))
                                .findFirst());
                path.ifPresent(p -> values.put(p, yaml.getNodeFactory().textNode(v)));
            });
        }
    }

    /** Typed access to flattened values with schema defaults; problems are collected, not thrown. */
    private static final class ValueReader {
        private final Map<String, JsonNode> values;
        private final List<String> problems;

        ValueReader(Map<String, JsonNode> values, List<String> problems) {
            this.values = values;
            this.problems = problems;
        }

        String string(String path) {
            JsonNode n = values.get(path);
            if (n == null || n.isNull()) {
                return ConfigSchema.key(path).map(ConfigKey::defaultValue).orElse("");
            }
            if (!n.isValueNode()) {
                problems.add(path + ": expected a single value, found " + n.getNodeType().name().toLowerCase(Locale.ROOT));
                return "";
            }
            return n.asText().trim();
        }

        int integer(String path, int min, int max) {
            String s = string(path);
            try {
                int v = Integer.parseInt(s);
                if (v < min || v > max) {
                    problems.add(path + ": " + v + " is out of range " + min + ".." + max);
                }
                return v;
            } catch (NumberFormatException e) {
                problems.add(path + ": '" + s + "' is not a whole number");
                return min;
            }
        }

        boolean bool(String path) {
            String s = string(path).toLowerCase(Locale.ROOT);
            if (s.equals("true") || s.equals("false")) {
                return Boolean.parseBoolean(s);
            }
            problems.add(path + ": '" + s + "' is not true or false");
            return false;
        }

        Optional<InetSocketAddress> hostPort(String path) {
            String s = string(path);
            if (s.isEmpty()) {
                return Optional.empty();
            }
            int colon = s.lastIndexOf(':');
            try {
                if (colon <= 0) {
                    throw new NumberFormatException();
                }
                int port = Integer.parseInt(s.substring(colon + 1));
                if (port < 0 || port > 65535) {
                    throw new NumberFormatException();
                }
                return Optional.of(InetSocketAddress.createUnresolved(s.substring(0, colon), port));
            } catch (NumberFormatException e) {
                problems.add(path + ": '" + s + "' is not host:port");
                return Optional.empty();
            }
        }

        List<String> list(String path) {
            JsonNode n = values.get(path);
            if (n == null || n.isNull()) {
                return List.of();
            }
            List<String> out = new ArrayList<>();
            if (n.isArray()) {
                n.forEach(e -> out.add(e.asText().trim()));
            } else {
                Arrays.stream(n.asText().split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(out::add);
            }
            return out;
        }

        Map<String, Object> section(String name) {
            Map<String, Object> out = new LinkedHashMap<>();
            values.forEach((path, node) -> {
                if (path.startsWith(name + ".")) {
                    out.put(path.substring(name.length() + 1), node.isArray() ? list(path) : node.asText());
                }
            });
            return out;
        }
    }

}
