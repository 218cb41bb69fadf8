package dev.ferry.mail.gateway;

import dev.ferry.spi.SettingsReader;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code mail} section of ferry.yaml, validated: each problem names its key.
 *
 * @param listen          where the embedded SMTP listener takes mail for {@link #domain}; null = no listener
 * @param domain          the bridge's mail domain ({@code alice*example.org@<domain>}); defaults to the component domain
 * @param smarthost       host:port every outgoing mail goes through
 * @param separator       between user and domain in a local part ({@code *})
 * @param smarthostTls    none, starttls (required) or implicit; certificates are always verified
 * @param smarthostUser   AUTH user; empty = no AUTH
 * @param smarthostPassword AUTH password (may be written {@code enc:v1:...})
 * @param maxSize         largest mail accepted (bytes); larger: 552
 * @param ratePerMinute   mails one client address may send per minute; 0 = no limit
 * @param defaultSubject  subject of a mail whose message has no {@code <subject>}: empty = the first line
 * @param stripQuotes     cut quoted reply tails ({@code > ...} after "On ... wrote:") from incoming mail
 * @param trustedAuthservId the authserv-id whose {@code Authentication-Results} are believed; empty = none,
 *                        every incoming mail is marked as from an unverified sender
 * @param xmppDomains     XMPP domains mail may reach ({@code alice*<one of these>}); others get 550
 * @param retryMaxSeconds longest wait between two attempts of a mail the smarthost deferred
 * @param giveUpHours     after this long a deferred mail fails and its sender is told
 * @param imap            IMAP mode, or null
 * @param listenKeystore  PKCS#12 key store with the listener's certificate: STARTTLS is offered; empty = no TLS
 * @param listenKeystorePassword its password (may be {@code enc:v1:...})
 * @param smarthostConnections SMTP connections to the smarthost, each with its own sender thread
 * @param sendPerMinute   mails one XMPP user may send out per minute (the bridge must not become a
 *                        spam cannon for one account); 0 = no limit
 */
public record MailSettings(InetSocketAddress listen, String domain, InetSocketAddress smarthost, String separator,
                           TlsMode smarthostTls, String smarthostUser, String smarthostPassword, int maxSize,
                           int ratePerMinute, String defaultSubject, boolean stripQuotes, String trustedAuthservId,
                           List<String> xmppDomains, int retryMaxSeconds, int giveUpHours, Imap imap,
                           String listenKeystore, String listenKeystorePassword, int smarthostConnections,
                           int sendPerMinute) {

    /**
     * IMAP mode, for sites that keep their MTA: mail for the bridge's domain lands in one mailbox
     * (a catch-all) that Ferry watches with IDLE; null when off.
     */
    public record Imap(String host, int port, TlsMode tls, String user, String password, String folder, int pollSeconds) {
        @Override
        public String toString() {
            return "imap://" + user + "@" + host + ":" + port + "/" + folder + " (" + tls + ")";
        }
    }

    public enum TlsMode { NONE, STARTTLS, IMPLICIT }

    public static final Set<String> KEYS = Set.of("listen", "domain", "smarthost", "separator", "smarthost-tls",
            "smarthost-user", "smarthost-password", "max-size", "rate-limit-per-minute", "default-subject",
            "strip-quotes", "trust-authentication-results", "xmpp-domains", "retry-max-seconds", "give-up-hours",
            "imap-host", "imap-port", "imap-tls", "imap-user", "imap-password", "imap-folder", "imap-poll-seconds",
            "listen-keystore", "listen-keystore-password", "smarthost-connections", "send-rate-per-minute");

    public static final int DEFAULT_MAX_SIZE = 10 * 1024 * 1024;

    /** @param componentDomain the mail component's domain, the default for {@code domain} and the XMPP domain below it */
    public static MailSettings from(Map<String, Object> section, String componentDomain) {
        SettingsReader settings = new SettingsReader("mail", section, KEYS);
        List<String> problems = settings.problems();
        String listenText = text(section, "listen", "127.0.0.1:2525");
        InetSocketAddress listen = listenText.isEmpty() ? null : hostPort("listen", listenText, problems);
        String domain = text(section, "domain", componentDomain);
        InetSocketAddress smarthost = hostPort("smarthost", text(section, "smarthost", "127.0.0.1:25"), problems);
        String separator = text(section, "separator", "*");
        if (separator.length() != 1 || Character.isLetterOrDigit(separator.charAt(0)) || separator.equals("@")
                || separator.equals("%")) {
            problems.add("mail.separator: '" + separator + "' must be one character that is not a letter, digit, '@' or '%'");
        }
        TlsMode tls = TlsMode.NONE;
        String tlsText = text(section, "smarthost-tls", "none").toUpperCase(Locale.ROOT);
        try {
            tls = TlsMode.valueOf(tlsText);
        } catch (IllegalArgumentException e) {
            problems.add("mail.smarthost-tls: '" + tlsText.toLowerCase(Locale.ROOT) + "' is not none, starttls or implicit");
        }
        int maxSize = settings.integer("max-size", DEFAULT_MAX_SIZE, 1024, Integer.MAX_VALUE);
        int rate = settings.integer("rate-limit-per-minute", 600, 0, 1_000_000);
        boolean strip = settings.bool("strip-quotes", true);
        Object domains = section.get("xmpp-domains");
        List<String> xmppDomains = domains == null || domains.toString().isBlank()
                ? List.of(parentDomain(componentDomain))
                : (domains instanceof List<?> l ? l.stream().map(Object::toString).map(String::trim).toList()
                        : Arrays.stream(domains.toString().split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
        int retryMax = settings.integer("retry-max-seconds", 300, 1, 86400);
        int connections = settings.integer("smarthost-connections", 4, 1, 64);
        int giveUp = settings.integer("give-up-hours", 48, 1, 24 * 30);
        Imap imap = null;
        String imapHost = text(section, "imap-host", "");
        if (!imapHost.isEmpty()) {
            TlsMode imapTls = TlsMode.NONE;
            String t = text(section, "imap-tls", "none").toUpperCase(Locale.ROOT);
            try {
                imapTls = TlsMode.valueOf(t);
            } catch (IllegalArgumentException e) {
                problems.add("mail.imap-tls: '" + t.toLowerCase(Locale.ROOT) + "' is not none, starttls or implicit");
            }
            int imapPort = settings.integer("imap-port", imapTls == TlsMode.IMPLICIT ? 993 : 143, 1, 65535);
            String user = text(section, "imap-user", "");
            if (user.isEmpty()) {
                problems.add("mail.imap-user: needed with mail.imap-host");
            }
            imap = new Imap(imapHost, imapPort, imapTls, user, text(section, "imap-password", ""), text(section, "imap-folder", "INBOX"),
                    settings.integer("imap-poll-seconds", 60, 1, 3600));
        }
        int sendRate = settings.integer("send-rate-per-minute", 60, 0, 1_000_000);
        settings.throwIfAny();
        return new MailSettings(listen, domain.toLowerCase(Locale.ROOT), smarthost, separator, tls,
                text(section, "smarthost-user", ""), text(section, "smarthost-password", ""), maxSize, rate,
                text(section, "default-subject", ""), strip, text(section, "trust-authentication-results", ""),
                xmppDomains.stream().map(d -> d.toLowerCase(Locale.ROOT)).toList(), retryMax, giveUp, imap,
                text(section, "listen-keystore", ""), text(section, "listen-keystore-password", ""), connections, sendRate);
    }

    public Optional<String> auth() {
        return smarthostUser.isEmpty() ? Optional.empty() : Optional.of(smarthostUser);
    }

    /** {@code mail.example.org} serves users of {@code example.org}. */
    static String parentDomain(String componentDomain) {
        int dot = componentDomain.indexOf('.');
        return dot < 0 ? componentDomain : componentDomain.substring(dot + 1);
    }

    @Override
    public String toString() {
        // The password never reaches a log line.
        return "MailSettings[listen=" + listen + ", domain=" + domain + ", smarthost=" + smarthost + ", tls=" + smarthostTls
                + ", user=" + smarthostUser + ", password=" + (smarthostPassword.isEmpty() ? "" : "***")
                + (imap == null ? "" : ", imap=" + imap) + "]";
    }

    private static String text(Map<String, Object> s, String key, String dflt) {
        Object v = s.get(key);
        return v == null ? dflt : v.toString().trim();
    }

    private static InetSocketAddress hostPort(String key, String value, List<String> problems) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0) {
            problems.add("mail." + key + ": '" + value + "' is not host:port");
            return null;
        }
        try {
            int port = Integer.parseInt(value.substring(colon + 1));
            if (port < 0 || port > 65535) {
                problems.add("mail." + key + ": port " + port + " is out of range 0..65535");
                return null;
            }
            return InetSocketAddress.createUnresolved(value.substring(0, colon), port);
        } catch (NumberFormatException e) {
            problems.add("mail." + key + ": '" + value + "' is not host:port");
            return null;
        }
    }


}
