package dev.ferry.mappings.store;

import java.util.List;
import java.util.Optional;

/**
 * Linked accounts: which JID owns a foreign address. An address has at most one owner.
 * {@link #link} never takes an address away from its owner (it throws
 * {@link IdentityConflictException}); {@link #relink} is the explicit way to do that.
 * Addresses are stored as given; connectors normalise case where their network ignores it.
 */
public final class IdentityRepository {

    private static final String COLUMNS = "jid, network, foreign_address, verified, created_at";

    private final SqlExecutor sql;

    IdentityRepository(SqlExecutor sql) {
        this.sql = sql;
    }

    /**
     * Links {@code foreignAddress} on {@code network} to {@code jid}, unverified. Linking it again
     * to the same JID changes nothing.
     *
     * @throws IdentityConflictException if the address is linked to another JID
     */
    public void link(String jid, String network, String foreignAddress) {
        check(jid, network, foreignAddress);
        for (int attempt = 0; ; attempt++) {
            Optional<String> owner = findJid(network, foreignAddress);
            if (owner.isPresent()) {
                if (!owner.get().equals(jid)) {
                    throw new IdentityConflictException(network, foreignAddress, owner.get());
                }
                return;
            }
            try {
                insert(jid, network, foreignAddress);
                return;
            } catch (StoreException e) {
                // Someone linked the same address between our read and insert: look again, once.
                if (!SqlExecutor.isUniqueViolation(e) || attempt > 0) {
                    throw e;
                }
            }
        }
    }

    /**
     * Links the address to {@code jid}, replacing any other owner (admin action). The link starts
     * unverified again.
     *
     * @return the JID that owned the address before, if any
     */
    public Optional<String> relink(String jid, String network, String foreignAddress) {
        check(jid, network, foreignAddress);
        for (int attempt = 0; ; attempt++) {
            Optional<String> previous = findJid(network, foreignAddress);
            int updated = sql.update("identity relink",
                    "UPDATE linked_account SET jid = ?, verified = FALSE, created_at = ?"
                            + " WHERE network = ? AND foreign_address = ?",
                    ps -> {
                        ps.setString(1, jid);
                        ps.setObject(2, sql.now());
                        ps.setString(3, network);
                        ps.setString(4, foreignAddress);
                    });
            if (updated > 0) {
                return previous;
            }
            try {
                insert(jid, network, foreignAddress);
                return Optional.empty();
            } catch (StoreException e) {
                if (!SqlExecutor.isUniqueViolation(e) || attempt > 0) {
                    throw e;
                }
            }
        }
    }

    /** Records that the owner proved control of the address; false if there is no such link. */
    public boolean markVerified(String network, String foreignAddress) {
        return sql.update("identity verify",
                "UPDATE linked_account SET verified = TRUE WHERE network = ? AND foreign_address = ?", ps -> {
                    ps.setString(1, network);
                    ps.setString(2, foreignAddress);
                }) > 0;
    }

    public boolean unlink(String network, String foreignAddress) {
        return sql.update("identity unlink",
                "DELETE FROM linked_account WHERE network = ? AND foreign_address = ?", ps -> {
                    ps.setString(1, network);
                    ps.setString(2, foreignAddress);
                }) > 0;
    }

    public Optional<String> findJid(String network, String foreignAddress) {
        return sql.queryFirst("identity lookup",
                "SELECT jid FROM linked_account WHERE network = ? AND foreign_address = ?", ps -> {
                    ps.setString(1, network);
                    ps.setString(2, foreignAddress);
                }, rs -> rs.getString(1));
    }

    /** Every address linked to {@code jid}, by network then address. */
    public List<LinkedAccount> forJid(String jid) {
        return sql.query("identity list",
                "SELECT " + COLUMNS + " FROM linked_account WHERE jid = ? ORDER BY network, foreign_address",
                ps -> ps.setString(1, jid), IdentityRepository::row);
    }

    /** All links, by JID, network, address (for {@code ferry mappings list}). */
    public List<LinkedAccount> list() {
        return sql.query("identity list",
                "SELECT " + COLUMNS + " FROM linked_account ORDER BY jid, network, foreign_address",
                ps -> { }, IdentityRepository::row);
    }

    private void insert(String jid, String network, String foreignAddress) {
        sql.update("identity link",
                "INSERT INTO linked_account (" + COLUMNS + ") VALUES (?, ?, ?, FALSE, ?)", ps -> {
                    ps.setString(1, jid);
                    ps.setString(2, network);
                    ps.setString(3, foreignAddress);
                    ps.setObject(4, sql.now());
                });
    }

    private static void check(String jid, String network, String foreignAddress) {
        Columns.text("jid", jid, Columns.JID);
        Columns.network(network);
        Columns.text("foreign address", foreignAddress, Columns.FOREIGN_ADDRESS);
    }

    private static LinkedAccount row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new LinkedAccount(rs.getString("jid"), rs.getString("network"), rs.getString("foreign_address"),
                rs.getBoolean("verified"), SqlExecutor.instant(rs, "created_at"));
    }
}
