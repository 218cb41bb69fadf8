package dev.ferry.mappings.store;

import dev.ferry.mappings.crypto.CredentialCipher;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Secrets users hand us for a network (an IRC SASL password, a SIP digest password), sealed with
 * AES-256-GCM before they reach the database. The AAD is (jid, network, name), so a sealed value
 * only opens in its own row. Secrets never appear in exceptions or logs.
 */
public final class CredentialRepository {

    private static final String AAD_LABEL = "ferry-credential";

    private final SqlExecutor sql;
    private final CredentialCipher cipher;

    CredentialRepository(SqlExecutor sql, CredentialCipher cipher) {
        this.sql = sql;
        this.cipher = cipher;
    }

    /** Stores or replaces a secret. The caller's array is not modified; clear it when done. */
    public void put(String jid, String network, String name, char[] secret) {
        check(jid, network, name);
        if (secret == null) {
            throw new IllegalArgumentException("secret must not be null");
        }
        byte[] plain = utf8(secret);
        byte[] sealed;
        try {
            sealed = cipher.encrypt(plain, aad(jid, network, name));
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
        upsert(jid, network, name, sealed);
    }

    public void put(String jid, String network, String name, String secret) {
        if (secret == null) {
            throw new IllegalArgumentException("secret must not be null");
        }
        char[] chars = secret.toCharArray();
        try {
            put(jid, network, name, chars);
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    /**
     * The secret, if stored.
     *
     * @throws dev.ferry.mappings.crypto.CredentialDecryptionException if the row does not open
     *         with this store's key (other key, tampered, moved between rows)
     */
    public Optional<String> get(String jid, String network, String name) {
        check(jid, network, name);
        return sql.queryFirst("credential read",
                "SELECT sealed FROM credential WHERE jid = ? AND network = ? AND secret_name = ?",
                ps -> bindKey(ps, jid, network, name), rs -> rs.getBytes(1))
                .map(sealed -> {
                    byte[] plain = cipher.decrypt(sealed, aad(jid, network, name));
                    try {
                        return new String(plain, StandardCharsets.UTF_8);
                    } finally {
                        Arrays.fill(plain, (byte) 0);
                    }
                });
    }

    public boolean remove(String jid, String network, String name) {
        check(jid, network, name);
        return sql.update("credential remove",
                "DELETE FROM credential WHERE jid = ? AND network = ? AND secret_name = ?",
                ps -> bindKey(ps, jid, network, name)) > 0;
    }

    private void upsert(String jid, String network, String name, byte[] sealed) {
        for (int attempt = 0; ; attempt++) {
            int updated = sql.update("credential write",
                    "UPDATE credential SET sealed = ?, updated_at = ? WHERE jid = ? AND network = ? AND secret_name = ?",
                    ps -> {
                        ps.setBytes(1, sealed);
                        ps.setObject(2, sql.now());
                        ps.setString(3, jid);
                        ps.setString(4, network);
                        ps.setString(5, name);
                    });
            if (updated > 0) {
                return;
            }
            try {
                sql.update("credential write",
                        "INSERT INTO credential (jid, network, secret_name, sealed, updated_at) VALUES (?, ?, ?, ?, ?)",
                        ps -> {
                            bindKey(ps, jid, network, name);
                            ps.setBytes(4, sealed);
                            ps.setObject(5, sql.now());
                        });
                return;
            } catch (StoreException e) {
                // A concurrent put inserted the row first; ours replaces it on the next pass.
                if (!SqlExecutor.isUniqueViolation(e) || attempt > 0) {
                    throw e;
                }
            }
        }
    }

    private static void bindKey(java.sql.PreparedStatement ps, String jid, String network, String name)
            throws java.sql.SQLException {
        ps.setString(1, jid);
        ps.setString(2, network);
        ps.setString(3, name);
    }

    private static byte[] aad(String jid, String network, String name) {
        return CredentialCipher.aad(AAD_LABEL, jid, network, name);
    }

    /** UTF-8 without an intermediate String, so the plaintext copy can be wiped. */
    private static byte[] utf8(char[] secret) {
        ByteBuffer buffer;
        try {
            buffer = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(secret));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("secret is not valid UTF-16 text (lone surrogate)");
        }
        byte[] out = new byte[buffer.remaining()];
        buffer.get(out);
        if (buffer.hasArray()) {
            Arrays.fill(buffer.array(), (byte) 0);
        }
        return out;
    }

    private static void check(String jid, String network, String name) {
        Columns.text("jid", jid, Columns.JID);
        Columns.network(network);
        Columns.text("credential name", name, Columns.SECRET_NAME);
    }
}
