package dev.ferry.irc.client;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Makes a self-signed client certificate (EC P-256, SHA-256) for CertFP: IRC servers never check
 * who signed a client certificate, only its fingerprint, so self-signed is what IRC users use.
 * The JDK has no public certificate builder, so the few DER structures of an X.509 v3
 * certificate without extensions are written here (RFC 5280 section 4.1).
 */
public final class ClientCertificateGenerator {

    /** ecdsa-with-SHA256, 1.2.840.10045.4.3.2. */
    private static final byte[] ECDSA_WITH_SHA256 = {0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x04, 0x03, 0x02};
    /** id-at-commonName, 2.5.4.3. */
    private static final byte[] COMMON_NAME = {0x55, 0x04, 0x03};
    /** Ten years: a CertFP certificate is replaced by choice, not by expiry (servers do not check it). */
    private static final Duration VALIDITY = Duration.ofDays(3650);
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private ClientCertificateGenerator() {
    }

    /** A new key pair and a certificate for it with subject and issuer {@code CN=commonName}. */
    public static ClientCertificate generate(String commonName) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            KeyPair pair = generator.generateKeyPair();
            byte[] algorithm = sequence(tlv(0x06, ECDSA_WITH_SHA256));
            byte[] name = sequence(tlv(0x31, sequence(tlv(0x06, COMMON_NAME),
                    tlv(0x0c, commonName.getBytes(StandardCharsets.UTF_8)))));
            Instant now = Instant.now();
            byte[] validity = sequence(utcTime(now.minus(Duration.ofHours(1))), utcTime(now.plus(VALIDITY)));
            byte[] tbs = sequence(
                    tlv(0xa0, tlv(0x02, BigInteger.TWO.toByteArray())), // [0] version: v3
                    tlv(0x02, new BigInteger(64, RANDOM).add(BigInteger.ONE).toByteArray()), // positive serial
                    algorithm, name, validity, name,
                    pair.getPublic().getEncoded()); // SubjectPublicKeyInfo, already DER
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(pair.getPrivate());
            signer.update(tbs);
            byte[] signature = signer.sign();
            byte[] bitString = new byte[signature.length + 1]; // leading 0: no unused bits
            System.arraycopy(signature, 0, bitString, 1, signature.length);
            byte[] der = sequence(tbs, algorithm, tlv(0x03, bitString));
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
            return new ClientCertificate(List.of(certificate), pair.getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a client certificate: " + e.getMessage(), e);
        }
    }

    private static byte[] utcTime(Instant t) {
        return tlv(0x17, UTC_TIME.format(t).getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] sequence(byte[]... parts) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            body.writeBytes(p);
        }
        return tlv(0x30, body.toByteArray());
    }

    /** One DER tag-length-value; lengths past 127 in the long form. */
    static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 6);
        out.write(tag);
        int length = value.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(value);
        return out.toByteArray();
    }
}
