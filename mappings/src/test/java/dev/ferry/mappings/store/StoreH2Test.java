package dev.ferry.mappings.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.mappings.crypto.CredentialDecryptionException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on an H2 file database, plus what only concerns H2 files. */
class StoreH2Test extends StoreContract {

    @TempDir
    Path dir;

    @Override
    protected StoreSettings settings() {
        return StoreSettings.h2(dir);
    }

    @Test
    void createsMissingDirectoriesAndTheKeyFile() {
        Path nested = dir.resolve("a/b/c");
        try (Store other = Store.open(StoreSettings.h2(nested))) {
            other.outbox().enqueue("irc.localhost", "x");
        }
        assertThat(nested.resolve("ferry.mv.db")).exists();
        assertThat(nested.resolve("ferry.key")).exists();
    }

    @Test
    void freshDatabaseMigratesOnceThenReportsNothingToDo() {
        StoreSettings fresh = StoreSettings.h2(dir.resolve("fresh"));
        MigrationReport first = Store.migrate(fresh);
        assertThat(first.applied()).isEqualTo(Integer.parseInt(StoreContract.LATEST_VERSION));
        assertThat(first.currentVersion()).isEqualTo(StoreContract.LATEST_VERSION);
        assertThat(Store.migrate(fresh).applied()).isZero();
        // migrate alone needs no key
        assertThat(dir.resolve("fresh/ferry.key")).doesNotExist();
    }

    @Test
    void credentialsDoNotOpenWithAnotherKey() {
        StoreSettings withKey = new StoreSettings("jdbc:h2:file:" + dir.resolve("keyed/ferry"), null, null, 2, null, randomKey());
        try (Store keyed = Store.open(withKey)) {
            keyed.credentials().put("alice@localhost", "irc", "sasl-password", "secret");
        }
        StoreSettings otherKey = new StoreSettings(withKey.url(), null, null, 2, null, randomKey());
        try (Store keyed = Store.open(otherKey)) {
            assertThatThrownBy(() -> keyed.credentials().get("alice@localhost", "irc", "sasl-password"))
                    .isInstanceOf(CredentialDecryptionException.class)
                    .hasMessageContaining("wrong store key");
        }
        try (Store keyed = Store.open(withKey)) {
            assertThat(keyed.credentials().get("alice@localhost", "irc", "sasl-password")).contains("secret");
        }
    }

    @Test
    void unreachableDatabaseFailsWithTheUrlAndNoPassword() {
        StoreSettings bad = new StoreSettings("jdbc:postgresql://127.0.0.1:1/ferry?password=topsecret",
                "ferry", "topsecret", 1, null, randomKey());
        assertThatThrownBy(() -> Store.open(bad))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("127.0.0.1:1")
                .hasMessageNotContaining("topsecret");
    }

    @Test
    void tablesWrittenPerMessageReserveIdsAThousandAtATime() throws Exception {
        // H2's default of 32 cost a commit (a store chunk) per 32 archive rows; see V5__h2_identity_cache.
        try (Connection c = store.dataSource().getConnection();
             ResultSet rs = c.createStatement().executeQuery("SELECT TABLE_NAME, IDENTITY_CACHE FROM INFORMATION_SCHEMA.COLUMNS"
                     + " WHERE COLUMN_NAME = 'ID' AND TABLE_NAME IN ('ARCHIVE', 'OUTBOX', 'LINKED_ACCOUNT') ORDER BY TABLE_NAME")) {
            Map<String, Long> cache = new LinkedHashMap<>();
            while (rs.next()) {
                cache.put(rs.getString(1), rs.getLong(2));
            }
            assertThat(cache).containsExactly(Map.entry("ARCHIVE", 1000L), Map.entry("LINKED_ACCOUNT", 32L),
                    Map.entry("OUTBOX", 1000L));
        }
        long first = store.outbox().enqueue("irc.localhost", "a");
        store.archive().append("alice@localhost", "irc", "#c%irc.example", "bob", "hi", null, Instant.now());
        assertThat(store.outbox().enqueue("irc.localhost", "b")).isEqualTo(first + 1);
    }

    @Test
    void h2FileUrlsGetCrashSafeDefaults() {
        assertThat(JdbcUrl.effective("jdbc:h2:file:./data/ferry"))
                .isEqualTo("jdbc:h2:file:./data/ferry;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
        assertThat(JdbcUrl.effective("jdbc:h2:./x;MODE=PostgreSQL")).endsWith(";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
        assertThat(JdbcUrl.effective("jdbc:h2:file:./x;db_close_on_exit=true;write_delay=100"))
                .isEqualTo("jdbc:h2:file:./x;db_close_on_exit=true;write_delay=100");
        assertThat(JdbcUrl.effective("jdbc:h2:mem:t")).isEqualTo("jdbc:h2:mem:t");
        assertThat(JdbcUrl.effective("jdbc:postgresql://h/db")).isEqualTo("jdbc:postgresql://h/db");
        assertThat(JdbcUrl.h2FilePath("jdbc:h2:file:/var/lib/ferry/ferry;X=1")).contains(Path.of("/var/lib/ferry/ferry"));
        assertThat(JdbcUrl.h2FilePath("jdbc:h2:tcp://localhost/x")).isEmpty();
    }

    @Test
    void settingsHaveDefaultsAndHideSecrets() {
        StoreSettings defaults = StoreSettings.defaults();
        assertThat(defaults.url()).isEqualTo("jdbc:h2:file:./data/ferry");
        assertThat(defaults.maxPoolSize()).isEqualTo(StoreSettings.DEFAULT_POOL_SIZE);
        assertThat(defaults.keyFile()).isEqualTo(Path.of("./data/ferry.key"));
        StoreSettings secret = new StoreSettings("jdbc:postgresql://h/db?user=u&password=pw1", "u", "pw2", 3, null, "a2V5");
        assertThat(secret.toString()).doesNotContain("pw1", "pw2", "a2V5").contains("***");
        assertThat(Files.exists(dir.resolve("ferry.mv.db"))).isTrue();
    }

    static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
