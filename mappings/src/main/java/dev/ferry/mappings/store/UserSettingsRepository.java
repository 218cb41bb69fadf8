package dev.ferry.mappings.store;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a user registered with a gateway, per scope (for IRC: the server). Plain settings only;
 * passwords go to {@link CredentialRepository}, encrypted.
 */
public final class UserSettingsRepository {

    private static final int MAX_VALUE = 2048;

    private final SqlExecutor sql;

    UserSettingsRepository(SqlExecutor sql) {
        this.sql = sql;
    }

    public Map<String, String> get(String owner, String network, String scope) {
        Map<String, String> out = new LinkedHashMap<>();
        sql.query("settings read", "SELECT name, setting FROM user_setting WHERE owner_jid = ? AND network = ? AND scope = ? ORDER BY name",
                ps -> {
                    ps.setString(1, owner);
                    ps.setString(2, network);
                    ps.setString(3, scope);
                }, rs -> out.put(rs.getString(1), rs.getString(2)));
        return out;
    }

    /** Replaces the whole scope: settings left out are removed, so a form submit is the new truth. */
    public void replace(String owner, String network, String scope, Map<String, String> settings) {
        Columns.network(network);
        Columns.text("owner", owner, Columns.JID);
        Columns.text("scope", scope, Columns.FOREIGN_ADDRESS);
        settings.forEach((name, value) -> {
            Columns.text("setting name", name, Columns.SECRET_NAME);
            if (value == null || value.length() > MAX_VALUE || value.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("setting " + name + " must be at most " + MAX_VALUE + " characters, without NUL");
            }
        });
        remove(owner, network, scope);
        settings.forEach((name, value) -> sql.update("settings write",
                "INSERT INTO user_setting (owner_jid, network, scope, name, setting) VALUES (?, ?, ?, ?, ?)", ps -> {
                    ps.setString(1, owner);
                    ps.setString(2, network);
                    ps.setString(3, scope);
                    ps.setString(4, name);
                    ps.setString(5, value);
                }));
    }

    /** Every (owner, scope) of a network where {@code name} is set to {@code value}: e.g. all persistent rooms. */
    public List<String[]> withSetting(String network, String name, String value) {
        return sql.query("settings search",
                "SELECT owner_jid, scope FROM user_setting WHERE network = ? AND name = ? AND setting = ? ORDER BY owner_jid, scope",
                ps -> {
                    ps.setString(1, network);
                    ps.setString(2, name);
                    ps.setString(3, value);
                }, rs -> new String[] {rs.getString(1), rs.getString(2)});
    }

    public boolean remove(String owner, String network, String scope) {
        return sql.update("settings remove", "DELETE FROM user_setting WHERE owner_jid = ? AND network = ? AND scope = ?", ps -> {
            ps.setString(1, owner);
            ps.setString(2, network);
            ps.setString(3, scope);
        }) > 0;
    }
}
