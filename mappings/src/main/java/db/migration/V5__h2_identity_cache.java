package db.migration;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * On H2, the tables written per message ({@code archive}: a row per channel line per user;
 * {@code outbox}: a row per stanza while a link is down) hand out their ids from a cache of 1,000
 * instead of H2's default 32. H2 reserves each cache of ids with a commit of its own, and with
 * {@code WRITE_DELAY=0} every commit writes a new chunk of the store holding all pages changed
 * so far: at 32 it was 36% of the IRC archive thread's Java samples and 12% of all of Ferry's in
 * the XMPP-to-IRC closed loop (JFR, src/bench/irc/latency.sh). Ids still only grow, also after a
 * kill -9 (a reservation is committed before its ids are used); a crash skips the unused rest.
 *
 * <p>Not on PostgreSQL: its sequence cache is per session, so ids from the pool's connections
 * would interleave out of insertion order, which the outbox's {@code ORDER BY id} relies on;
 * and its {@code nextval} costs no commit there.
 */
public class V5__h2_identity_cache extends BaseJavaMigration {

    static final int CACHE = 1000;

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        if (!c.getMetaData().getDatabaseProductName().toUpperCase(Locale.ROOT).contains("H2")) {
            return;
        }
        try (Statement s = c.createStatement()) {
            for (String table : new String[] {"archive", "outbox"}) {
                s.execute("ALTER TABLE " + table + " ALTER COLUMN id SET CACHE " + CACHE);
            }
        }
    }
}
