package dev.ferry.mappings.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store contract on a real PostgreSQL, started by {@code src/peers/postgres.sh start}.
 * Each test gets its own schema, dropped afterwards. Without the server the tests are skipped,
 * unless {@code FERRY_E2E=1} demands them, in which case they fail.
 */
@Tag("e2e")
class StorePostgresTest extends StoreContract {

    static final String URL = System.getenv().getOrDefault("FERRY_PG_URL",
            "jdbc:postgresql://127.0.0.1:" + System.getenv().getOrDefault("FERRY_PG_PORT", "55432") + "/ferry");
    static final String USER = "ferry";
    static final String PASSWORD = "ferry";

    @TempDir
    Path dir;
    private String schema;
    private StoreSettings settings;

    @BeforeAll
    static void requirePostgres() {
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD)) {
            c.isValid(5);
        } catch (SQLException e) {
            String message = "PostgreSQL not reachable at " + URL + " (" + e.getMessage()
                    + "); start it with: src/peers/postgres.sh install && src/peers/postgres.sh start";
            if ("1".equals(System.getenv("FERRY_E2E"))) {
                fail(message);
            }
            Assumptions.abort(message);
        }
    }

    @BeforeEach
    @Override
    void openStore() {
        // A schema of our own: tests cannot see each other's rows, or those of a previous run.
        schema = "ferry_test_" + UUID.randomUUID().toString().replace("-", "");
        execute("CREATE SCHEMA " + schema);
        settings = new StoreSettings(URL + "?currentSchema=" + schema, USER, PASSWORD, 4, dir.resolve("ferry.key"), null);
        super.openStore();
    }

    @AfterEach
    void dropSchema() {
        if (store != null) {
            store.close();
            store = null;
        }
        execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    @Override
    protected StoreSettings settings() {
        return settings;
    }

    @Test
    void sequencesKeepPostgresDefaultCacheOfOne() throws SQLException {
        // V5 raises the id cache on H2 only: PostgreSQL caches per session, and ids from the pool's
        // connections would then interleave out of insertion order (the outbox reads in id order).
        try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT cache_size FROM pg_sequences WHERE schemaname = '" + schema
                     + "' AND sequencename IN ('archive_id_seq', 'outbox_id_seq')")) {
            int seen = 0;
            while (rs.next()) {
                seen++;
                assertThat(rs.getLong(1)).isEqualTo(1L);
            }
            assertThat(seen).isEqualTo(2);
        }
    }

    private static void execute(String sql) {
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
