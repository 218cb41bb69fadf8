package dev.ferry.irc.gateway;

import dev.ferry.mappings.store.CredentialRepository;
import dev.ferry.mappings.store.UserSettingsRepository;
import dev.ferry.irc.client.ClientCertificate;
import dev.ferry.irc.client.IrcClientSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What one user registered for one IRC server (XEP-0077), over the gateway's defaults. Read when
 * a connection opens; a change applies to the next connection to that server.
 */
record IrcServerPreferences(Optional<String> nick, String username, String realname, int port, boolean tls,
                            boolean verifyCertificate, String serverPassword, String saslUser, String saslPassword,
                            Charset charset, String nickservPassword, ClientCertificate clientCertificate) {

    private static final Logger LOG = LoggerFactory.getLogger(IrcServerPreferences.class);
    /** Where a user's client certificate and key (PEM) are kept, encrypted: a credential per server. */
    static final String CERTIFICATE_CREDENTIAL = "/client-certificate";

    /** Ping the server after this much silence; IRC servers' own timeouts are a few minutes. */
    private static final Duration PING_INTERVAL = Duration.ofSeconds(120);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);

    /** The gateway's defaults alone, for connections no user registered anything for (a mirror bot). */
    static IrcServerPreferences defaults(IrcGatewaySettings defaults, String realname) {
        return new IrcServerPreferences(Optional.empty(), null, realname, defaults.defaultPort(), defaults.tls(),
                defaults.verifyCertificate(), null, null, null, StandardCharsets.ISO_8859_1, null, defaults.clientCertificate());
    }

    /** How to connect to {@code server} as {@code nick} with these preferences and the gateway's pacing. */
    IrcClientSettings toClientSettings(String server, String nick, IrcGatewaySettings gateway) {
        return new IrcClientSettings(server, port, tls, verifyCertificate, nick, username == null ? nick : username, realname,
                serverPassword, saslUser, saslPassword, charset, gateway.floodBurst(), gateway.floodLinesPerSecond(),
                PING_INTERVAL, CONNECT_TIMEOUT, gateway.trustStore(), clientCertificate);
    }

    static IrcServerPreferences load(String owner, String server, IrcGatewaySettings defaults, UserSettingsRepository settings,
                                     CredentialRepository credentials) {
        Map<String, String> s = settings.get(owner, "irc", server);
        return new IrcServerPreferences(
                Optional.ofNullable(s.get("nick")),
                s.get("username"),
                s.getOrDefault("realname", defaults.realname()),
                Integer.parseInt(s.getOrDefault("port", Integer.toString(defaults.defaultPort()))),
                Boolean.parseBoolean(s.getOrDefault("tls", Boolean.toString(defaults.tls()))),
                Boolean.parseBoolean(s.getOrDefault("verify-certificate", Boolean.toString(defaults.verifyCertificate()))),
                credentials.get(owner, "irc", server + "/server-password").orElse(null),
                s.get("sasl-user"),
                credentials.get(owner, "irc", server + "/sasl-password").orElse(null),
                Charset.forName(s.getOrDefault("charset", StandardCharsets.ISO_8859_1.name())),
                credentials.get(owner, "irc", server + "/nickserv-password").orElse(null),
                credentials.get(owner, "irc", server + CERTIFICATE_CREDENTIAL).map(pem -> certificate(owner, server, pem)).orElse(null));
    }

    /** A stored certificate that no longer reads (checked when saved, so hardly ever) is left out, and said. */
    private static ClientCertificate certificate(String owner, String server, String pem) {
        try {
            return ClientCertificate.parsePem(pem);
        } catch (IllegalArgumentException e) {
            LOG.warn("{}: the stored client certificate for {} is unusable ({}); connecting without it", owner, server, e.getMessage());
            return null;
        }
    }
}
