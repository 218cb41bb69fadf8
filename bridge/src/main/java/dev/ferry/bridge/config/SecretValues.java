package dev.ferry.bridge.config;

import dev.ferry.mappings.crypto.CredentialCipher;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.SecretKey;

/**
 * Secrets in the config file encrypted at rest: {@code enc:v1:<base64>}, sealed with the store's
 * AES-256-GCM key and bound to their key path (a value moved to another key does not decrypt).
 * {@code ferry secret encrypt <key>} makes them.
 */
public final class SecretValues {

    public static final String PREFIX = "enc:v1:";

    private SecretValues() {
    }

    public static boolean isEncrypted(String value) {
        return value.startsWith(PREFIX);
    }

    public static String encrypt(SecretKey key, String path, String plaintext) {
        byte[] sealed = new CredentialCipher(key).encrypt(plaintext.getBytes(StandardCharsets.UTF_8), aad(path));
        return PREFIX + Base64.getEncoder().encodeToString(sealed);
    }

    /** @throws IllegalArgumentException naming the key when the value is damaged or the key is another */
    public static String decrypt(SecretKey key, String path, String value) {
        try {
            byte[] sealed = Base64.getDecoder().decode(value.substring(PREFIX.length()));
            return new String(new CredentialCipher(key).decrypt(sealed, aad(path)), StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(path + ": the encrypted value cannot be read with the store key "
                    + "(made with another key, for another config key, or damaged); encrypt it again with "
                    + "`ferry secret encrypt " + path + "`", e);
        }
    }

    private static byte[] aad(String path) {
        return CredentialCipher.aad("ferry-config", path);
    }
}
