package dev.ferry.sip.gateway;

import dev.ferry.spi.SettingsReader;
import dev.ferry.mappings.address.AddressException;
import dev.ferry.mappings.address.SipAddress;
import dev.ferry.sip.transport.ListenAddress;
import dev.ferry.sip.transport.TrustedNetworks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code sip} section of ferry.yaml, validated: each problem names its key.
 *
 * @param listen          where Ferry's SIP stack listens ({@code udp:127.0.0.1:5060}, {@code tcp:…})
 * @param separator       between JID local part and domain in a SIP user part ({@code alice*example.org})
 * @param outboundProxy   every outgoing request goes through this proxy ({@code sip:127.0.0.1:5080}); empty: by the Request-URI's host
 * @param trusted         networks whose requests are accepted (CIDR)
 * @param advertisedHost  the host in Ferry's own SIP URIs (From of outgoing requests); default the first listen host
 * @param maxBodySize     largest request body accepted, in bytes (413 beyond)
 * @param rateLimitPerSecond requests per second and source address; 0 = no limit
 * @param rateLimitBurst  requests a source may send at once before the limit applies
 * @param errorWaitMillis how long an inbound MESSAGE's answer waits for an XMPP error about it before 202
 * @param tlsKeyStore     PKCS#12 key store with the certificate of {@code tls:} listeners; empty: no TLS
 * @param tlsKeyStorePassword its password (a secret: never in {@link #toString()})
 * @param publish         PUBLISH the presence of users with a registered SIP account to their AOR (RFC 3903)
 */
public record SipGatewaySettings(List<ListenAddress> listen, String separator, Optional<String> outboundProxy,
                                 List<String> trusted, String advertisedHost, int maxBodySize,
                                 double rateLimitPerSecond, int rateLimitBurst, int errorWaitMillis,
                                 Optional<String> tlsKeyStore, String tlsKeyStorePassword, boolean publish) {

    public static final Set<String> KEYS = Set.of("listen", "separator", "outbound-proxy", "trusted", "advertised-host",
            "max-body-size", "rate-limit-per-second", "rate-limit-burst", "error-wait-ms", "tls-key-store",
            "tls-key-store-password", "publish");

    public static SipGatewaySettings from(Map<String, Object> section) {
        SettingsReader settings = new SettingsReader("sip", section, KEYS);
        List<String> problems = settings.problems();
        List<ListenAddress> listen = new ArrayList<>();
        for (String spec : settings.list("listen", List.of("udp:127.0.0.1:5060", "tcp:127.0.0.1:5060"))) {
            try {
                listen.add(ListenAddress.parse(spec));
            } catch (IllegalArgumentException e) {
                problems.add("sip.listen: " + e.getMessage());
            }
        }
        if (listen.stream().noneMatch(l -> l.transport().equals("udp"))) {
            problems.add("sip.listen: needs a udp address (every SIP element must speak UDP, RFC 3261 §18)");
        }
        String separator = String.valueOf(section.getOrDefault("separator", SipAddress.DEFAULT_SEPARATOR));
        try {
            SipAddress.userForJid(new dev.ferry.mappings.address.JidAddress("a", "b.example"), separator);
        } catch (AddressException e) {
            problems.add("sip.separator: " + e.getMessage());
        }
        Optional<String> proxy = Optional.ofNullable(section.get("outbound-proxy")).map(Object::toString).map(String::trim)
                .filter(s -> !s.isEmpty());
        if (proxy.isPresent() && !proxy.get().matches("(?i)sip:[A-Za-z0-9.\\-\\[\\]:]+(;transport=(udp|tcp))?")) {
            problems.add("sip.outbound-proxy: '" + proxy.get() + "' is not sip:host[:port][;transport=udp|tcp]");
        }
        List<String> trusted = settings.list("trusted", List.of("127.0.0.0/8"));
        try {
            TrustedNetworks.parse(trusted);
        } catch (IllegalArgumentException e) {
            problems.add("sip.trusted: " + e.getMessage());
        }
        String advertised = Optional.ofNullable(section.get("advertised-host")).map(Object::toString).map(String::trim)
                .filter(s -> !s.isEmpty()).orElse(listen.isEmpty() ? "127.0.0.1" : listen.get(0).host());
        int maxBody = settings.integer("max-body-size", 64 * 1024, 1, 16 * 1024 * 1024);
        double rate = settings.decimal("rate-limit-per-second", 0, "no limit");
        int burst = settings.integer("rate-limit-burst", 200, 1, 1_000_000);
        int errorWait = settings.integer("error-wait-ms", 200, 0, 10_000);
        Optional<String> keyStore = Optional.ofNullable(section.get("tls-key-store")).map(Object::toString).map(String::trim)
                .filter(s -> !s.isEmpty());
        String keyStorePassword = String.valueOf(section.getOrDefault("tls-key-store-password", ""));
        boolean publish = settings.bool("publish", false);
        boolean tls = listen.stream().anyMatch(l -> l.transport().equals("tls"));
        if (tls && keyStore.isEmpty()) {
            problems.add("sip.listen: a tls: address needs sip.tls-key-store (a PKCS#12 file with the certificate)");
        }
        if (keyStore.isPresent() && !java.nio.file.Files.isReadable(java.nio.file.Path.of(keyStore.get()))) {
            problems.add("sip.tls-key-store: cannot read " + keyStore.get());
        }
        settings.throwIfAny();
        return new SipGatewaySettings(List.copyOf(listen), separator, proxy, List.copyOf(trusted), advertised, maxBody,
                rate, burst, errorWait, keyStore, keyStorePassword, publish);
    }

    /** Every value but the key store password. */
    @Override
    public String toString() {
        return "SipGatewaySettings[listen=" + listen + ", separator=" + separator + ", outboundProxy=" + outboundProxy
                + ", trusted=" + trusted + ", advertisedHost=" + advertisedHost + ", maxBodySize=" + maxBodySize
                + ", rateLimitPerSecond=" + rateLimitPerSecond + ", rateLimitBurst=" + rateLimitBurst
                + ", errorWaitMillis=" + errorWaitMillis + ", tlsKeyStore=" + tlsKeyStore + ", tlsKeyStorePassword=***"
                + ", publish=" + publish + "]";
    }



}
