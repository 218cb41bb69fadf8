package dev.ferry.bridge.s2s;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Dialback keys as XEP-0185 recommends: HMAC-SHA256 keyed with the hex SHA-256 of our secret over
 * "receiving originating streamID". Stateless, so a verification (db:verify) can be answered on
 * any connection and after a restart, as long as the secret is the same.
 */
final class DialbackKeys {

    private final byte[] hmacKey;

    DialbackKeys(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            this.hmacKey = HexFormat.of().formatHex(digest).getBytes(StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The key we (originating) give a receiving server for the stream it opened to us with {@code streamId}. */
    String key(String receiving, String originating, String streamId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(hmacKey, "HmacSHA256"));
            byte[] out = mac.doFinal((receiving + " " + originating + " " + streamId).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    /** Constant-time comparison, so a forger learns nothing from timing. */
    boolean matches(String key, String receiving, String originating, String streamId) {
        return MessageDigest.isEqual(key(receiving, originating, streamId).getBytes(StandardCharsets.US_ASCII),
                key.trim().getBytes(StandardCharsets.US_ASCII));
    }
}
