package dev.ferry.irc.client;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to connect one IRC client: server, identity, credentials and pacing.
 *
 * @param serverPassword      sent as PASS when not null
 * @param saslUser            SASL PLAIN account; SASL is used when this and {@code saslPassword} are set
 * @param fallbackCharset     decodes lines that are not valid UTF-8 (commonly ISO-8859-1)
 * @param floodBurst          lines that may go out back to back before pacing starts
 * @param floodLinesPerSecond sustained send rate; 0 or less disables flood control
 * @param pingInterval        silence after which we PING the server, and then wait as long for any reply
 * @param trustCertificates   PEM file of the CAs to trust for TLS instead of the JDK's (a private network's); null: the JDK's
 * @param clientCertificate   presented over TLS (CertFP) and used for SASL EXTERNAL when the server offers it; null: none
 */
public record IrcClientSettings(String host, int port, boolean tls, boolean verifyCertificate, String nick,
                                String username, String realname, String serverPassword, String saslUser,
                                String saslPassword, Charset fallbackCharset, int floodBurst,
                                double floodLinesPerSecond, Duration pingInterval, Duration connectTimeout,
                                Path trustCertificates, ClientCertificate clientCertificate) {

    public IrcClientSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(nick, "nick");
        Objects.requireNonNull(fallbackCharset, "fallbackCharset");
        Objects.requireNonNull(pingInterval, "pingInterval");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (nick.isBlank() || nick.indexOf(' ') >= 0) {
            throw new IllegalArgumentException("nick must be one word: '" + nick + "'");
        }
        if (username == null || username.isBlank()) {
            username = nick;
        }
        if (realname == null || realname.isBlank()) {
            realname = nick;
        }
        if (floodBurst < 1) {
            throw new IllegalArgumentException("floodBurst must be at least 1: " + floodBurst);
        }
        if (pingInterval.isNegative() || pingInterval.isZero()) {
            throw new IllegalArgumentException("pingInterval must be positive: " + pingInterval);
        }
    }

    /** Plain-text defaults for {@code nick} on {@code host:port}: latin-1 fallback, burst 5 at 2 lines/s, ping 60 s. */
    public static IrcClientSettings plain(String host, int port, String nick) {
        return new IrcClientSettings(host, port, false, true, nick, nick, nick, null, null, null,
                StandardCharsets.ISO_8859_1, 5, 2.0, Duration.ofSeconds(60), Duration.ofSeconds(10), null, null);
    }

    public IrcClientSettings withNick(String newNick) {
        return new IrcClientSettings(host, port, tls, verifyCertificate, newNick, username, realname, serverPassword,
                saslUser, saslPassword, fallbackCharset, floodBurst, floodLinesPerSecond, pingInterval, connectTimeout, trustCertificates, clientCertificate);
    }

    public IrcClientSettings withSasl(String user, String password) {
        return new IrcClientSettings(host, port, tls, verifyCertificate, nick, username, realname, serverPassword,
                user, password, fallbackCharset, floodBurst, floodLinesPerSecond, pingInterval, connectTimeout, trustCertificates, clientCertificate);
    }

    public IrcClientSettings withTls(boolean useTls, boolean verify) {
        return new IrcClientSettings(host, port, useTls, verify, nick, username, realname, serverPassword,
                saslUser, saslPassword, fallbackCharset, floodBurst, floodLinesPerSecond, pingInterval, connectTimeout, trustCertificates, clientCertificate);
    }

    public IrcClientSettings withFlood(int burst, double linesPerSecond) {
        return new IrcClientSettings(host, port, tls, verifyCertificate, nick, username, realname, serverPassword,
                saslUser, saslPassword, fallbackCharset, burst, linesPerSecond, pingInterval, connectTimeout, trustCertificates, clientCertificate);
    }

    public IrcClientSettings withPingInterval(Duration interval) {
        return new IrcClientSettings(host, port, tls, verifyCertificate, nick, username, realname, serverPassword,
                saslUser, saslPassword, fallbackCharset, floodBurst, floodLinesPerSecond, interval, connectTimeout, trustCertificates, clientCertificate);
    }

    public IrcClientSettings withServerPassword(String password) {
        return new IrcClientSettings(host, port, tls, verifyCertificate, nick, username, realname, password,
                saslUser, saslPassword, fallbackCharset, floodBurst, floodLinesPerSecond, pingInterval, connectTimeout, trustCertificates, clientCertificate);
    }

    public IrcClientSettings withTrust(Path caCertificates) {
        return new IrcClientSettings(host, port, tls, verifyCertificate, nick, username, realname, serverPassword,
                saslUser, saslPassword, fallbackCharset, floodBurst, floodLinesPerSecond, pingInterval, connectTimeout, caCertificates, clientCertificate);
    }

    public IrcClientSettings withClientCertificate(ClientCertificate certificate) {
        return new IrcClientSettings(host, port, tls, verifyCertificate, nick, username, realname, serverPassword,
                saslUser, saslPassword, fallbackCharset, floodBurst, floodLinesPerSecond, pingInterval, connectTimeout, trustCertificates,
                certificate);
    }

    /** Whether SASL PLAIN credentials are set. */
    public boolean usesSasl() {
        return saslUser != null && saslPassword != null;
    }

    /** Passwords and keys are never printed. */
    @Override
    public String toString() {
        return "IrcClientSettings[" + host + ":" + port + (tls ? " tls" + (verifyCertificate ? "" : " (unverified)") : "")
                + ", nick=" + nick + ", username=" + username + ", realname=" + realname
                + ", serverPassword=" + (serverPassword == null ? "none" : "***")
                + ", sasl=" + (usesSasl() ? saslUser + "/***" : "none")
                + ", fallbackCharset=" + fallbackCharset.name() + ", flood=" + floodBurst + "@" + floodLinesPerSecond + "/s"
                + ", pingInterval=" + pingInterval + ", connectTimeout=" + connectTimeout
                + (trustCertificates == null ? "" : ", trust=" + trustCertificates)
                + (clientCertificate == null ? "" : ", clientCertificate=sha256:" + clientCertificate.fingerprintSha256()) + "]";
    }
}
