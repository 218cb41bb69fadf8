package dev.ferry.bridge.stream;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The XEP-0114 handshake value: lower-case hex SHA-1 of the server's stream id followed by the secret. */
public final class ComponentHandshake {

    private ComponentHandshake() {
    }

    public static String digest(String streamId, String secret) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            return HexFormat.of().formatHex(sha1.digest((streamId + secret).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-1, which every Java platform must provide", e);
        }
    }

    /** The {@code <handshake>} element to send; the digest is hex so needs no escaping. */
    public static String element(String streamId, String secret) {
        return "<handshake>" + digest(streamId, secret) + "</handshake>";
    }
}
