package dev.ferry.mappings.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM sealing of stored credentials. A sealed value is
 * {@code version(1) | nonce(12) | ciphertext+tag(16)}; the version byte is authenticated too.
 * The caller binds each value to its row through the associated data (see {@link #aad}), so a
 * ciphertext copied into another user's row fails to open. Thread-safe.
 */
public final class CredentialCipher {

    static final byte VERSION = 1;
    static final int NONCE_BYTES = 12;
    static final int TAG_BITS = 128;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    public CredentialCipher(SecretKey key) {
        Objects.requireNonNull(key, "key");
        byte[] encoded = key.getEncoded();
        if (!"AES".equals(key.getAlgorithm()) || encoded == null || encoded.length != 32) {
            throw new KeyMaterialException("credential key must be a 32-byte AES key");
        }
        Arrays.fill(encoded, (byte) 0);
        this.key = key;
    }

    public byte[] encrypt(byte[] plaintext, byte[] aad) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(versionedAad(aad));
            byte[] sealedBody = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(1 + NONCE_BYTES + sealedBody.length)
                    .put(VERSION).put(nonce).put(sealedBody).array();
        } catch (GeneralSecurityException e) {
            // The JDK always ships AES/GCM; reaching this is a broken runtime, not bad input.
            throw new IllegalStateException("AES-GCM encryption unavailable", e);
        }
    }

    public byte[] decrypt(byte[] sealed, byte[] aad) {
        if (sealed == null || sealed.length < 1 + NONCE_BYTES + TAG_BITS / 8 || sealed[0] != VERSION) {
            throw new CredentialDecryptionException("sealed credential is truncated or of an unknown format", null);
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 1, NONCE_BYTES));
            cipher.updateAAD(versionedAad(aad));
            return cipher.doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new CredentialDecryptionException(
                    "sealed credential does not authenticate (wrong store key, tampered data or moved row)", e);
        }
    }

    /**
     * Associated data from the row's identifying columns. Each part is length-prefixed, so
     * {@code ("a|b", "c")} and {@code ("a", "b|c")} differ.
     */
    public static byte[] aad(String... parts) {
        ByteBuffer out = ByteBuffer.allocate(lengthOf(parts));
        for (String part : parts) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            out.putInt(bytes.length).put(bytes);
        }
        return out.array();
    }

    private static int lengthOf(String[] parts) {
        int n = 0;
        for (String part : parts) {
            n += 4 + part.getBytes(StandardCharsets.UTF_8).length;
        }
        return n;
    }

    private static byte[] versionedAad(byte[] aad) {
        byte[] out = new byte[aad.length + 1];
        out[0] = VERSION;
        System.arraycopy(aad, 0, out, 1, aad.length);
        return out;
    }
}
