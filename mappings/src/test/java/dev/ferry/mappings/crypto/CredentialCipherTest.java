package dev.ferry.mappings.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class CredentialCipherTest {

    private static CredentialCipher cipher() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new CredentialCipher(new SecretKeySpec(key, "AES"));
    }

    private final CredentialCipher cipher = cipher();
    private final byte[] aad = CredentialCipher.aad("alice@localhost", "irc", "sasl-password");
    private final byte[] plain = "hunter2".getBytes(StandardCharsets.UTF_8);

    @Test
    void roundTripsWithFreshNonces() {
        byte[] a = cipher.encrypt(plain, aad);
        byte[] b = cipher.encrypt(plain, aad);
        assertThat(a).isNotEqualTo(b).hasSize(1 + 12 + plain.length + 16);
        assertThat(a[0]).isEqualTo((byte) 1);
        assertThat(cipher.decrypt(a, aad)).isEqualTo(plain);
        assertThat(cipher.decrypt(b, aad)).isEqualTo(plain);
        assertThat(cipher.decrypt(cipher.encrypt(new byte[0], aad), aad)).isEmpty();
    }

    @Test
    void anyTamperedByteFails() {
        byte[] sealed = cipher.encrypt(plain, aad);
        for (int i = 0; i < sealed.length; i++) {
            byte[] copy = sealed.clone();
            copy[i] ^= 0x40;
            assertThatThrownBy(() -> cipher.decrypt(copy, aad)).isInstanceOf(CredentialDecryptionException.class);
        }
        byte[] truncated = java.util.Arrays.copyOf(sealed, 20);
        assertThatThrownBy(() -> cipher.decrypt(truncated, aad)).hasMessageContaining("truncated");
    }

    @Test
    void wrongAadOrKeyFails() {
        byte[] sealed = cipher.encrypt(plain, aad);
        assertThatThrownBy(() -> cipher.decrypt(sealed, CredentialCipher.aad("bob@localhost", "irc", "sasl-password")))
                .isInstanceOf(CredentialDecryptionException.class);
        assertThatThrownBy(() -> cipher().decrypt(sealed, aad)).isInstanceOf(CredentialDecryptionException.class);
    }

    @Test
    void aadPartsCannotBeShiftedAcrossTheSeparator() {
        assertThat(CredentialCipher.aad("a|b", "c")).isNotEqualTo(CredentialCipher.aad("a", "b|c"));
        assertThat(CredentialCipher.aad("ab", "c")).isNotEqualTo(CredentialCipher.aad("a", "bc"));
    }

    @Test
    void refusesKeysThatAreNotAes256() {
        assertThatThrownBy(() -> new CredentialCipher(new SecretKeySpec(new byte[16], "AES")))
                .isInstanceOf(KeyMaterialException.class).hasMessageContaining("32-byte");
    }
}
