package dev.ferry.bridge.config;

import java.util.Locale;

/**
 * One documented configuration key: its dotted path in {@code ferry.yaml}, the environment
 * variable that overrides it, its default and what it means. The README's config reference is
 * this table.
 */
public record ConfigKey(String path, Type type, String defaultValue, boolean secret, String description) {

    public enum Type { STRING, INT, BOOLEAN, LIST, HOST_PORT, DOMAIN }

    /** {@code xmpp.components.irc.secret} becomes {@code FERRY_XMPP_COMPONENTS_IRC_SECRET}. */
    public String envName() {
        return envNameOf(path);
    }

    public static String envNameOf(String path) {
        return "FERRY_" + path.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
