package dev.ferry.bridge.s2s;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.DomainWildcardMappingBuilder;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * TLS for server-to-server streams: each local domain's certificate (chosen by SNI when we are
 * called), verification of the other servers' certificates against the configured CAs (or the
 * JDK's), and the check that a peer's certificate is valid for a domain (SASL EXTERNAL).
 *
 * <p>Incoming connections ask for a client certificate but accept any at the handshake: one that
 * fails verification only means the peer authenticates with dialback instead (XEP-0178 §3).
 * Outgoing connections verify the server's certificate and its name; that is never turned off.
 */
final class S2sTls {

    private final X509TrustManager trust;
    private final io.netty.util.Mapping<String, SslContext> serverBySni;
    private final Map<String, SslContext> clients = new HashMap<>();

    S2sTls(Map<String, S2sDomainCredentials> domains, Optional<Path> trustStore) throws IOException, GeneralSecurityException {
        this.trust = trustManager(trustStore);
        SslContext first = null;
        DomainWildcardMappingBuilder<SslContext> sni = null;
        for (Map.Entry<String, S2sDomainCredentials> e : domains.entrySet()) {
            File cert = e.getValue().certificate().toFile();
            File key = e.getValue().privateKey().toFile();
            SslContext server = SslContextBuilder.forServer(cert, key).clientAuth(ClientAuth.OPTIONAL)
                    .trustManager(new AnyClientCertificate(trust)).build();
            if (first == null) {
                first = server;
                sni = new DomainWildcardMappingBuilder<>(server);
            }
            sni.add(e.getKey(), server);
            clients.put(e.getKey(), SslContextBuilder.forClient().keyManager(cert, key)
                    .trustManager(trust).endpointIdentificationAlgorithm("HTTPS").build());
        }
        if (first == null) {
            throw new IllegalArgumentException("no domain in s2s mode");
        }
        this.serverBySni = sni.build();
    }

    /** Picks the certificate of the domain the caller names in SNI (the first domain's without SNI). */
    SniHandler serverHandler() {
        return new SniHandler(serverBySni);
    }

    /** Client context for streams from {@code localDomain}: presents its certificate, verifies the server's. */
    SslContext client(String localDomain) {
        SslContext c = clients.get(localDomain);
        if (c == null) {
            throw new IllegalArgumentException(localDomain + " is not a domain in s2s mode");
        }
        return c;
    }

    /**
     * True when {@code chain} is trusted and names {@code domain} (DNS subjectAltName, exact or
     * one-label wildcard; RFC 6125 as used by XMPP, RFC 7590).
     */
    boolean validFor(List<X509Certificate> chain, String domain) {
        if (chain.isEmpty()) {
            return false;
        }
        try {
            trust.checkClientTrusted(chain.toArray(new X509Certificate[0]), chain.get(0).getPublicKey().getAlgorithm());
            chain.get(0).checkValidity();
        } catch (Exception e) {
            return false;
        }
        return names(chain.get(0)).stream().anyMatch(n -> matches(n, domain));
    }

    static List<String> names(X509Certificate cert) {
        try {
            var sans = cert.getSubjectAlternativeNames();
            if (sans == null) {
                return List.of();
            }
            return sans.stream().filter(s -> Integer.valueOf(2).equals(s.get(0)))
                    .map(s -> s.get(1).toString().toLowerCase(Locale.ROOT)).toList();
        } catch (java.security.cert.CertificateParsingException e) {
            return List.of();
        }
    }

    static boolean matches(String name, String domain) {
        String d = domain.toLowerCase(Locale.ROOT);
        if (name.startsWith("*.")) {
            int dot = d.indexOf('.');
            return dot > 0 && d.substring(dot + 1).equals(name.substring(2));
        }
        return name.equals(d);
    }

    private static X509TrustManager trustManager(Optional<Path> pemFile) throws IOException, GeneralSecurityException {
        KeyStore store = null;
        if (pemFile.isPresent()) {
            store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            try (InputStream in = Files.newInputStream(pemFile.get())) {
                int i = 0;
                for (var cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    store.setCertificateEntry("ca-" + i++, cert);
                }
                if (i == 0) {
                    throw new IOException("trust store " + pemFile.get() + " holds no PEM certificate");
                }
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store); // null: the JDK's default CAs
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }

    /** Takes any client certificate during the handshake; {@link #validFor} decides what it proves. */
    private static final class AnyClientCertificate implements X509TrustManager {

        private final X509TrustManager real;

        AnyClientCertificate(X509TrustManager real) {
            this.real = real;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // deliberately accepted here: an untrusted certificate only rules out SASL EXTERNAL
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws java.security.cert.CertificateException {
            real.checkServerTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return real.getAcceptedIssuers();
        }
    }

}
