package dev.ferry.mappings.store;

import java.util.Optional;

/**
 * Pairs of message ids (foreign network id, XMPP stanza id), so receipts, corrections and
 * replies can be translated in both directions. A foreign id maps to one XMPP id; putting it
 * again replaces the pairing.
 */
public final class MessageIdRepository {

    private final SqlExecutor sql;

    MessageIdRepository(SqlExecutor sql) {
        this.sql = sql;
    }

    public void put(String network, String foreignId, String xmppId, String jid) {
        Columns.network(network);
        Columns.text("foreign id", foreignId, Columns.MESSAGE_ID);
        Columns.text("xmpp id", xmppId, Columns.MESSAGE_ID);
        Columns.text("jid", jid, Columns.JID);
        for (int attempt = 0; ; attempt++) {
            int updated = sql.update("message id write",
                    "UPDATE message_id SET xmpp_id = ?, jid = ?, created_at = ? WHERE network = ? AND foreign_id = ?",
                    ps -> {
                        ps.setString(1, xmppId);
                        ps.setString(2, jid);
                        ps.setObject(3, sql.now());
                        ps.setString(4, network);
                        ps.setString(5, foreignId);
                    });
            if (updated > 0) {
                return;
            }
            try {
                sql.update("message id write",
                        "INSERT INTO message_id (network, foreign_id, xmpp_id, jid, created_at) VALUES (?, ?, ?, ?, ?)",
                        ps -> {
                            ps.setString(1, network);
                            ps.setString(2, foreignId);
                            ps.setString(3, xmppId);
                            ps.setString(4, jid);
                            ps.setObject(5, sql.now());
                        });
                return;
            } catch (StoreException e) {
                if (!SqlExecutor.isUniqueViolation(e) || attempt > 0) {
                    throw e;
                }
            }
        }
    }

    public Optional<String> xmppIdFor(String network, String foreignId) {
        return sql.queryFirst("message id lookup",
                "SELECT xmpp_id FROM message_id WHERE network = ? AND foreign_id = ?", ps -> {
                    ps.setString(1, network);
                    ps.setString(2, foreignId);
                }, rs -> rs.getString(1));
    }

    /** The JID stored with {@code foreignId} (who sent or received it). */
    public Optional<String> jidFor(String network, String foreignId) {
        return sql.queryFirst("message id lookup",
                "SELECT jid FROM message_id WHERE network = ? AND foreign_id = ?", ps -> {
                    ps.setString(1, network);
                    ps.setString(2, foreignId);
                }, rs -> rs.getString(1));
    }

    /** The foreign id paired most recently with {@code xmppId}. */
    public Optional<String> foreignIdFor(String network, String xmppId) {
        return sql.queryFirst("message id lookup",
                "SELECT foreign_id FROM message_id WHERE network = ? AND xmpp_id = ? ORDER BY id DESC LIMIT 1", ps -> {
                    ps.setString(1, network);
                    ps.setString(2, xmppId);
                }, rs -> rs.getString(1));
    }
}
