package dev.ferry.irc.gateway;

import dev.ferry.irc.client.ClientCertificate;
import dev.ferry.irc.client.ClientCertificateGenerator;
import dev.ferry.mappings.store.CredentialRepository;
import dev.ferry.mappings.store.UserSettingsRepository;
import dev.ferry.spi.Delivery;
import dev.ferry.spi.Failure;
import dev.ferry.spi.FormField;
import dev.ferry.spi.FormField.Kind;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The per-server registration form of the IRC gateway: each field, its check, and where it is
 * kept (plain settings, or encrypted credentials for passwords).
 */
final class IrcRegistrationForm {

    private static final Pattern NICK = Pattern.compile("[A-Za-z\\[\\]\\\\`_^{|}][A-Za-z0-9\\[\\]\\\\`_^{|}-]{0,63}");
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._-]{1,32}");
    private static final List<String> SECRETS = List.of("server-password", "sasl-password", "nickserv-password");
    /** The client certificate with its key: a secret, checked and kept as PEM (several lines, unlike a password). */
    private static final String CERTIFICATE = "client-certificate";
    private static final String GENERATE = "generate-certificate";

    private final UserSettingsRepository settings;
    private final CredentialRepository credentials;

    IrcRegistrationForm(UserSettingsRepository settings, CredentialRepository credentials) {
        this.settings = settings;
        this.credentials = credentials;
    }

    List<FormField> fields(String owner, String server, IrcGatewaySettings defaults) {
        Map<String, String> s = settings.get(owner, "irc", server);
        return List.of(
                text("nick", "Nick", s, "used for private messages; a room join uses the nick you join with"),
                text("username", "Username (ident)", s, ""),
                text("realname", "Real name", s, ""),
                text("port", "Port", s, "default " + defaults.defaultPort()),
                bool("tls", "Use TLS", s.getOrDefault("tls", Boolean.toString(defaults.tls()))),
                bool("verify-certificate", "Verify the server's TLS certificate",
                        s.getOrDefault("verify-certificate", Boolean.toString(defaults.verifyCertificate()))),
                secret("server-password", "Server password (PASS)", owner, server),
                text("sasl-user", "SASL account", s, "with a SASL password: log in with SASL PLAIN"),
                secret("sasl-password", "SASL password", owner, server),
                secret("nickserv-password", "NickServ password (for servers without SASL)", owner, server),
                text("charset", "Charset of non-UTF-8 text", s, "default ISO-8859-1"),
                certificate(owner, server),
                new FormField(GENERATE, "Make a new client certificate for me", Kind.BOOLEAN, false, Optional.of("false"),
                        "Ferry makes a certificate and key and shows its SHA-256 fingerprint; add that to your account "
                                + "with /msg NickServ CERT ADD <fingerprint>"));
    }

    Delivery submit(String owner, String server, Map<String, String> values) {
        List<String> problems = new ArrayList<>();
        Map<String, String> plain = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            String var = e.getKey();
            String v = e.getValue() == null ? "" : e.getValue().trim();
            if (SECRETS.contains(var) || var.equals(CERTIFICATE) || var.equals(GENERATE)) {
                continue;
            }
            if (v.isEmpty()) {
                continue; // an empty field keeps the default
            }
            switch (var) {
                case "nick" -> check(problems, var, v, NICK.matcher(v).matches(), "is not a valid IRC nick");
                case "username" -> check(problems, var, v, USERNAME.matcher(v).matches(), "may hold letters, digits, . _ - (at most 32)");
                case "realname" -> check(problems, var, v, v.length() <= 256 && v.chars().noneMatch(c -> c < 0x20), "must be one line of at most 256 characters");
                case "port" -> check(problems, var, v, v.matches("\\d{1,5}") && Integer.parseInt(v) >= 1 && Integer.parseInt(v) <= 65535, "is not a port number");
                case "tls", "verify-certificate" -> {
                    String b = v.toLowerCase(Locale.ROOT);
                    check(problems, var, v, b.equals("1") || b.equals("0") || b.equals("true") || b.equals("false"), "is not a boolean");
                    v = Boolean.toString(b.equals("1") || b.equals("true"));
                }
                case "sasl-user" -> check(problems, var, v, v.length() <= 128 && v.chars().noneMatch(c -> c < 0x20 || c == ' '), "must be one word");
                case "charset" -> check(problems, var, v, Charset.isSupported(v), "is not a charset this Java knows");
                default -> problems.add(var + ": no such field");
            }
            plain.put(var, v);
        }
        for (String secret : SECRETS) {
            String v = values.get(secret);
            if (v != null && !v.isEmpty() && v.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
                problems.add(secret + ": must not contain line breaks");
            }
        }
        ClientCertificate certificate = null;
        boolean generate = isTrue(values.get(GENERATE));
        String pem = values.getOrDefault(CERTIFICATE, "");
        if (generate && !pem.isBlank()) {
            problems.add(CERTIFICATE + ": give a certificate or ask for a new one, not both");
        } else if (generate) {
            // The certificate goes to the IRC server in every handshake: its name must not give away the JID.
            certificate = ClientCertificateGenerator.generate("Ferry IRC client");
        } else if (!pem.isBlank()) {
            try {
                certificate = ClientCertificate.parsePem(pem);
            } catch (IllegalArgumentException e) {
                problems.add(CERTIFICATE + ": " + e.getMessage()); // says what is wrong, never the key
            }
        }
        if (!problems.isEmpty()) {
            return Delivery.failed(Failure.NOT_ACCEPTABLE, String.join("; ", problems));
        }
        settings.replace(owner, "irc", server, plain);
        if (certificate != null) {
            credentials.put(owner, "irc", server + IrcServerPreferences.CERTIFICATE_CREDENTIAL, certificate.toPem());
        }
        for (String secret : SECRETS) {
            String v = values.get(secret);
            if (v != null && !v.isEmpty()) {
                credentials.put(owner, "irc", server + "/" + secret, v);
            }
        }
        if (certificate == null) {
            return Delivery.delivered();
        }
        return Delivery.delivered((generate ? "Made a new client certificate" : "Saved your client certificate") + " for " + server
                + ". Its SHA-256 fingerprint is " + certificate.fingerprintSha256() + ". Log in to your account on " + server
                + " once and send: /msg NickServ CERT ADD " + certificate.fingerprintSha256()
                + " — from the next connection on, Ferry logs you in with it (SASL EXTERNAL).");
    }

    private static boolean isTrue(String v) {
        String b = v == null ? "" : v.trim().toLowerCase(Locale.ROOT);
        return b.equals("1") || b.equals("true");
    }

    /** The stored certificate's fingerprint is shown, never the PEM (it holds the key). */
    private FormField certificate(String owner, String server) {
        Optional<String> fingerprint = credentials.get(owner, "irc", server + IrcServerPreferences.CERTIFICATE_CREDENTIAL)
                .flatMap(IrcRegistrationForm::fingerprint);
        return new FormField(CERTIFICATE, "Client certificate and PKCS#8 key (PEM), for SASL EXTERNAL", Kind.PRIVATE, false,
                Optional.empty(), fingerprint.map(f -> "set, SHA-256 fingerprint " + f + "; leave empty to keep it").orElse("not set"));
    }

    private static Optional<String> fingerprint(String pem) {
        try {
            return Optional.of(ClientCertificate.parsePem(pem).fingerprintSha256());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    boolean isRegistered(String owner, String server) {
        return !settings.get(owner, "irc", server).isEmpty()
                || SECRETS.stream().anyMatch(s -> credentials.get(owner, "irc", server + "/" + s).isPresent())
                || credentials.get(owner, "irc", server + IrcServerPreferences.CERTIFICATE_CREDENTIAL).isPresent();
    }

    Delivery remove(String owner, String server) {
        settings.remove(owner, "irc", server);
        SECRETS.forEach(s -> credentials.remove(owner, "irc", server + "/" + s));
        credentials.remove(owner, "irc", server + IrcServerPreferences.CERTIFICATE_CREDENTIAL);
        return Delivery.delivered();
    }

    // ---- per room: #chan%server@gateway ----

    List<FormField> roomFields(String owner, String room) {
        String persistent = settings.get(owner, "irc", room).getOrDefault("persistent", "false");
        return List.of(new FormField("persistent", "Stay in this channel while I am offline", Kind.BOOLEAN, false,
                Optional.of(persistent), "the gateway keeps your nick in the channel, archives what is said, and rejoins after restarts"));
    }

    Delivery submitRoom(String owner, String room, Map<String, String> values) {
        for (String var : values.keySet()) {
            if (!var.equals("persistent")) {
                return Delivery.failed(Failure.NOT_ACCEPTABLE, var + ": no such field");
            }
        }
        String v = values.getOrDefault("persistent", "false").trim().toLowerCase(Locale.ROOT);
        if (!v.equals("1") && !v.equals("0") && !v.equals("true") && !v.equals("false") && !v.isEmpty()) {
            return Delivery.failed(Failure.NOT_ACCEPTABLE, "persistent: '" + v + "' is not a boolean");
        }
        boolean on = v.equals("1") || v.equals("true");
        if (on) {
            settings.replace(owner, "irc", room, Map.of("persistent", "true"));
        } else {
            settings.remove(owner, "irc", room);
        }
        return Delivery.delivered();
    }

    boolean isPersistent(String owner, String room) {
        return "true".equals(settings.get(owner, "irc", room).get("persistent"));
    }

    Delivery removeRoom(String owner, String room) {
        settings.remove(owner, "irc", room);
        return Delivery.delivered();
    }

    private static void check(List<String> problems, String var, String value, boolean ok, String why) {
        if (!ok) {
            problems.add(var + ": '" + value.replaceAll("\\p{Cntrl}", "?") + "' " + why);
        }
    }

    private static FormField text(String var, String label, Map<String, String> current, String description) {
        return new FormField(var, label, Kind.TEXT, false, Optional.ofNullable(current.get(var)), description);
    }

    private static FormField bool(String var, String label, String value) {
        return new FormField(var, label, Kind.BOOLEAN, false, Optional.of(value), "");
    }

    private FormField secret(String var, String label, String owner, String server) {
        boolean set = credentials.get(owner, "irc", server + "/" + var).isPresent();
        return new FormField(var, label, Kind.PRIVATE, false, Optional.empty(),
                set ? "set; leave empty to keep it" : "not set");
    }
}
