package dev.ferry.mappings.store;

import java.util.List;

/** The room mirrors an operator set up ({@code ferry mirrors add}); read by the IRC connector at start. */
public final class MirrorRepository {

    private final SqlExecutor sql;

    MirrorRepository(SqlExecutor sql) {
        this.sql = sql;
    }

    public long add(String ircServer, String channel, String mucJid, String botNick) {
        Columns.text("IRC server", ircServer, Columns.LINK_DOMAIN);
        Columns.text("channel", channel, Columns.LINK_DOMAIN);
        Columns.text("MUC address", mucJid, Columns.JID);
        Columns.text("bot nick", botNick, 64);
        try {
            return sql.insert("mirror add",
                    "INSERT INTO room_mirror (irc_server, channel, muc_jid, bot_nick, created_at) VALUES (?, ?, ?, ?, ?)", ps -> {
                        ps.setString(1, ircServer);
                        ps.setString(2, channel);
                        ps.setString(3, mucJid);
                        ps.setString(4, botNick);
                        ps.setObject(5, sql.now());
                    });
        } catch (StoreException e) {
            if (SqlExecutor.isUniqueViolation(e)) {
                throw new IllegalStateException(channel + " on " + ircServer + " is already mirrored; remove that mirror first", e);
            }
            throw e;
        }
    }

    public List<RoomMirror> list() {
        return sql.query("mirror list", "SELECT id, irc_server, channel, muc_jid, bot_nick FROM room_mirror ORDER BY id", ps -> { },
                rs -> new RoomMirror(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
    }

    public boolean remove(long id) {
        return sql.update("mirror remove", "DELETE FROM room_mirror WHERE id = ?", ps -> ps.setLong(1, id)) > 0;
    }
}
