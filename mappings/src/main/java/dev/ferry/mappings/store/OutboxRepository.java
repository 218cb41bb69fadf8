package dev.ferry.mappings.store;

import java.util.List;

/**
 * The persistent outbox behind "nothing lost": a stanza accepted while its component link is
 * down is kept here until delivered. Entries of one link come back in insertion order. The
 * expected use is one sender per link: {@link #peek}, send, {@link #remove} (or
 * {@link #recordAttempt} on failure); ids are assigned at insert, so with concurrent enqueuers
 * the order is the order in which their inserts reached the database.
 */
public final class OutboxRepository {

    private final SqlExecutor sql;

    OutboxRepository(SqlExecutor sql) {
        this.sql = sql;
    }

    /** Stores {@code payload} for {@code link} and returns its id. */
    public long enqueue(String link, String payload) {
        Columns.text("link", link, Columns.LINK_DOMAIN);
        if (payload == null) {
            throw new IllegalArgumentException("payload must not be null");
        }
        if (payload.indexOf('\0') >= 0) {
            // PostgreSQL text cannot hold NUL, and XML cannot either; refuse it on every database.
            throw new IllegalArgumentException("payload contains NUL");
        }
        return sql.insert("outbox enqueue",
                "INSERT INTO outbox (link_domain, payload, queued_at, attempts) VALUES (?, ?, ?, 0)", ps -> {
                    ps.setString(1, link);
                    ps.setString(2, payload);
                    ps.setObject(3, sql.now());
                });
    }

    /** The oldest {@code max} entries of {@code link}, oldest first; they stay queued. */
    public List<OutboxEntry> peek(String link, int max) {
        return peekAfter(link, 0, max); // identity ids start at 1
    }

    /**
     * The oldest {@code max} entries of {@code link} with an id above {@code afterId}, oldest first;
     * a sender that keeps written entries until the server confirms them reads on from there.
     */
    public List<OutboxEntry> peekAfter(String link, long afterId, int max) {
        if (max <= 0) {
            throw new IllegalArgumentException("max must be positive");
        }
        return sql.query("outbox peek after",
                "SELECT id, link_domain, payload, queued_at, attempts FROM outbox"
                        + " WHERE link_domain = ? AND id > ? ORDER BY id LIMIT ?",
                ps -> {
                    ps.setString(1, link);
                    ps.setLong(2, afterId);
                    ps.setInt(3, max);
                },
                rs -> new OutboxEntry(rs.getLong("id"), rs.getString("link_domain"), rs.getString("payload"),
                        SqlExecutor.instant(rs, "queued_at"), rs.getInt("attempts")));
    }

    /** Drops a delivered entry; false if it was already gone. */
    public boolean remove(long id) {
        return sql.update("outbox remove", "DELETE FROM outbox WHERE id = ?", ps -> ps.setLong(1, id)) > 0;
    }

    /**
     * Counts a delivery attempt, so operators can see entries that keep failing; the component
     * sender counts before it writes, so an attempted entry after a restart may have arrived.
     */
    public void recordAttempt(long id) {
        sql.update("outbox attempt", "UPDATE outbox SET attempts = attempts + 1 WHERE id = ?", ps -> ps.setLong(1, id));
    }

    /** Takes back an attempt known to have written nothing (its write failed), so the entry does not look tried. */
    public void undoAttempt(long id) {
        sql.update("outbox undo attempt", "UPDATE outbox SET attempts = attempts - 1 WHERE id = ? AND attempts > 0",
                ps -> ps.setLong(1, id));
    }

    /**
     * The links that have entries and whose name starts with {@code prefix}, in name order; lets a
     * sender with many links (one per remote server) find its queues again after a restart.
     */
    public List<String> links(String prefix) {
        String pattern = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return sql.query("outbox links",
                "SELECT DISTINCT link_domain FROM outbox WHERE link_domain LIKE ? ESCAPE '\\' ORDER BY link_domain",
                ps -> ps.setString(1, pattern), rs -> rs.getString(1));
    }

    public long depth() {
        return sql.queryFirst("outbox depth", "SELECT COUNT(*) FROM outbox", ps -> { }, rs -> rs.getLong(1)).orElse(0L);
    }

    public long depth(String link) {
        return sql.queryFirst("outbox depth", "SELECT COUNT(*) FROM outbox WHERE link_domain = ?",
                ps -> ps.setString(1, link), rs -> rs.getLong(1)).orElse(0L);
    }
}
