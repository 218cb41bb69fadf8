package dev.ferry.irc.client;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TLS client certificate (with its chain, if any) and its private key: what an IRC server
 * fingerprints for CertFP, so that services log the connection in by SASL EXTERNAL. Read from
 * and written as PEM; the key is never printed.
 */
public final class ClientCertificate {

    /** One PEM block; the body may have lost its line breaks (a data form field may flatten them). */
    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final List<String> KEY_ALGORITHMS = List.of("EC", "RSA", "Ed25519", "Ed448");

    private final List<X509Certificate> chain;
    private final PrivateKey key;

    ClientCertificate(List<X509Certificate> chain, PrivateKey key) {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("no certificate");
        }
        this.chain = List.copyOf(chain);
        this.key = key;
    }

    /**
     * The certificate(s) and the PKCS#8 private key from one PEM text, checked to belong together.
     *
     * @throws IllegalArgumentException saying what is wrong in words a user can act on (never the key itself)
     */
    public static ClientCertificate parsePem(String pem) {
        List<X509Certificate> certificates = new ArrayList<>();
        PrivateKey key = null;
        Matcher m = BLOCK.matcher(pem == null ? "" : pem);
        while (m.find()) {
            String type = m.group(1);
            byte[] der = decode(type, m.group(2));
            switch (type) {
                case "CERTIFICATE" -> certificates.add(certificate(der));
                case "PRIVATE KEY" -> {
                    if (key != null) {
                        throw new IllegalArgumentException("more than one private key");
                    }
                    key = privateKey(der);
                }
                case "RSA PRIVATE KEY", "EC PRIVATE KEY", "ENCRYPTED PRIVATE KEY" -> throw new IllegalArgumentException(
                        "the key is a " + type + "; give it as an unencrypted PKCS#8 'PRIVATE KEY' "
                                + "(openssl pkcs8 -topk8 -nocrypt -in key.pem)");
                default -> throw new IllegalArgumentException("unexpected PEM block '" + type + "'");
            }
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("no '-----BEGIN CERTIFICATE-----' block");
        }
        if (key == null) {
            throw new IllegalArgumentException("no '-----BEGIN PRIVATE KEY-----' block (PKCS#8)");
        }
        checkPair(certificates.get(0), key);
        return new ClientCertificate(certificates, key);
    }

    /** Lower-case hex SHA-256 of the certificate, as InspIRCd shows it and Atheme's NickServ CERT ADD takes it. */
    public String fingerprintSha256() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(chain.get(0).getEncoded()));
        } catch (NoSuchAlgorithmException | java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException("cannot fingerprint the certificate", e);
        }
    }

    public X509Certificate certificate() {
        return chain.get(0);
    }

    X509Certificate[] chain() {
        return chain.toArray(new X509Certificate[0]);
    }

    PrivateKey key() {
        return key;
    }

    /** The chain then the PKCS#8 key, as {@link #parsePem} reads it back. A secret: store it encrypted. */
    public String toPem() {
        StringBuilder out = new StringBuilder();
        try {
            for (X509Certificate c : chain) {
                block(out, "CERTIFICATE", c.getEncoded());
            }
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
        block(out, "PRIVATE KEY", key.getEncoded());
        return out.toString();
    }

    /** The subject and the fingerprint; never the key. */
    @Override
    public String toString() {
        return "ClientCertificate[" + certificate().getSubjectX500Principal().getName() + ", sha256=" + fingerprintSha256() + "]";
    }

    private static void block(StringBuilder out, String type, byte[] der) {
        out.append("-----BEGIN ").append(type).append("-----\n")
                .append(Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der))
                .append("\n-----END ").append(type).append("-----\n");
    }

    private static byte[] decode(String type, String body) {
        try {
            return Base64.getDecoder().decode(body.replaceAll("\\s+", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the " + type + " block is not valid base64");
        }
    }

    private static X509Certificate certificate(byte[] der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new IllegalArgumentException("the CERTIFICATE block is not an X.509 certificate");
        }
    }

    private static PrivateKey privateKey(byte[] der) {
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // not this algorithm: try the next
            }
        }
        throw new IllegalArgumentException("the PRIVATE KEY block is not a PKCS#8 EC, RSA or EdDSA key");
    }

    /** Signs a probe with the key and checks it with the certificate's public key: a mismatched pair would fail at every login. */
    private static void checkPair(X509Certificate certificate, PrivateKey key) {
        String algorithm = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> key.getAlgorithm(); // Ed25519, Ed448
        };
        try {
            byte[] probe = "ferry client certificate check".getBytes(StandardCharsets.US_ASCII);
            Signature sign = Signature.getInstance(algorithm);
            sign.initSign(key);
            sign.update(probe);
            byte[] signature = sign.sign();
            Signature verify = Signature.getInstance(algorithm);
            verify.initVerify(certificate.getPublicKey());
            verify.update(probe);
            if (!verify.verify(signature)) {
                throw new IllegalArgumentException("the private key does not belong to the certificate");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the private key does not belong to the certificate");
        }
    }
}
