package dev.ferry.mappings.store;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** The room archive, per owner: what MUC history on join and MAM queries read. */
public final class ArchiveRepository {

    private final SqlExecutor sql;

    ArchiveRepository(SqlExecutor sql) {
        this.sql = sql;
    }

    private static final String INSERT =
            "INSERT INTO archive (owner_jid, network, room, nick, body, message_id, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?)";

    public long append(String owner, String network, String room, String nick, String body, String messageId, Instant sentAt) {
        return sql.insert("archive append", INSERT, insertRow(new Entry(owner, network, room, nick, body, messageId, sentAt)));
    }

    /** A message to archive, for {@link #appendAll}. */
    public record Entry(String owner, String network, String room, String nick, String body, String messageId, Instant sentAt) {

        /** Whether {@code row} is what the archive wrote for this entry (it keeps no empty id, and time to the microsecond). */
        public boolean isStoredAs(ArchivedMessage row) {
            return row.nick().equals(nick) && row.body().equals(body) && Objects.equals(row.messageId(), storedId(messageId))
                    && row.sentAt().equals(storedTime(sentAt));
        }
    }

    /** The message id a row keeps: none for a missing or empty one. */
    private static String storedId(String messageId) {
        return messageId == null || messageId.isEmpty() ? null : messageId;
    }

    /** A time as a row keeps it, and as a query bound is compared with it: to the microsecond (the column's precision). */
    private static Instant storedTime(Instant sentAt) {
        return sentAt.truncatedTo(ChronoUnit.MICROS);
    }

    /** Archives many messages with one commit (a busy channel with many users joined writes a lot). */
    public void appendAll(List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        List<SqlExecutor.Binder> rows = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            rows.add(insertRow(e));
        }
        sql.batch("archive append", INSERT, rows);
    }

    /** Checks an entry against the columns (here, before any row of a batch is written) and binds it as a row. */
    private static SqlExecutor.Binder insertRow(Entry e) {
        Columns.network(e.network());
        Columns.text("owner", e.owner(), Columns.JID);
        Columns.text("room", e.room(), Columns.FOREIGN_ADDRESS);
        Columns.text("nick", e.nick(), Columns.FOREIGN_ADDRESS);
        if (e.body().indexOf('\0') >= 0) {
            throw new IllegalArgumentException("archive body contains NUL");
        }
        String id = storedId(e.messageId()) == null ? null : Columns.text("message id", e.messageId(), Columns.MESSAGE_ID);
        return ps -> {
            ps.setString(1, e.owner());
            ps.setString(2, e.network());
            ps.setString(3, e.room());
            ps.setString(4, e.nick());
            ps.setString(5, e.body());
            ps.setString(6, id);
            ps.setObject(7, storedTime(e.sentAt()).atOffset(ZoneOffset.UTC));
        };
    }

    /**
     * The newest messages of a room for its owner, oldest first: at most {@code maxStanzas}, none
     * sent before {@code since} (XEP-0045 history: maxstanzas / seconds / since).
     */
    public List<ArchivedMessage> recent(String owner, String network, String room, int maxStanzas, Instant since) {
        if (maxStanzas <= 0) {
            return List.of();
        }
        List<ArchivedMessage> newestFirst = sql.query("archive recent",
                "SELECT id, owner_jid, network, room, nick, body, message_id, sent_at FROM archive"
                        + " WHERE network = ? AND room = ? AND owner_jid = ? AND sent_at >= ? ORDER BY sent_at DESC, id DESC LIMIT ?",
                ps -> {
                    ps.setString(1, network);
                    ps.setString(2, room);
                    ps.setString(3, owner);
                    ps.setObject(4, storedTime(since).atOffset(ZoneOffset.UTC));
                    ps.setInt(5, maxStanzas);
                }, ArchiveRepository::row);
        List<ArchivedMessage> out = new ArrayList<>(newestFirst);
        Collections.reverse(out);
        return out;
    }

    /** A page for MAM: messages after archive id {@code afterId} (0 = from the start), oldest first. */
    public List<ArchivedMessage> page(String owner, String network, String room, long afterId, int max) {
        return query(owner, network, room, Instant.EPOCH, Instant.MAX, afterId, Long.MAX_VALUE, max, false);
    }

    /**
     * One MAM page (XEP-0313 with XEP-0059 paging), always returned oldest first: messages with
     * {@code afterId < id < beforeId} sent in [{@code start}, {@code end}]; {@code fromEnd} takes
     * the newest {@code max} of them (RSM {@code <before/>}), otherwise the oldest.
     */
    public List<ArchivedMessage> query(String owner, String network, String room, Instant start, Instant end,
                                       long afterId, long beforeId, int max, boolean fromEnd) {
        if (max <= 0) {
            return List.of();
        }
        Instant to = end.isAfter(LATEST) ? LATEST : end;
        List<ArchivedMessage> rows = sql.query("archive query",
                "SELECT id, owner_jid, network, room, nick, body, message_id, sent_at FROM archive"
                        + " WHERE network = ? AND room = ? AND owner_jid = ? AND id > ? AND id < ?"
                        + " AND sent_at >= ? AND sent_at <= ? ORDER BY id " + (fromEnd ? "DESC" : "ASC") + " LIMIT ?",
                ps -> {
                    ps.setString(1, network);
                    ps.setString(2, room);
                    ps.setString(3, owner);
                    ps.setLong(4, afterId);
                    ps.setLong(5, beforeId);
                    ps.setObject(6, storedTime(start).atOffset(ZoneOffset.UTC));
                    ps.setObject(7, storedTime(to).atOffset(ZoneOffset.UTC));
                    ps.setInt(8, max);
                }, ArchiveRepository::row);
        if (!fromEnd) {
            return rows;
        }
        List<ArchivedMessage> out = new ArrayList<>(rows);
        Collections.reverse(out);
        return out;
    }

    /** Beyond this both databases' timestamp types overflow; "no end" is clamped to it. */
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private static ArchivedMessage row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new ArchivedMessage(rs.getLong("id"), rs.getString("owner_jid"), rs.getString("network"), rs.getString("room"),
                rs.getString("nick"), rs.getString("body"), rs.getString("message_id"), SqlExecutor.instant(rs, "sent_at"));
    }

}
