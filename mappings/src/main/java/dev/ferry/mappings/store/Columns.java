package dev.ferry.mappings.store;

import java.util.regex.Pattern;

/**
 * Argument checks matching the column sizes of V1__init.sql, so callers get a message naming the
 * argument instead of a driver-specific truncation error.
 */
final class Columns {

    static final int JID = 2047;
    static final int FOREIGN_ADDRESS = 512;
    static final int LINK_DOMAIN = 255;
    static final int SECRET_NAME = 128;
    static final int MESSAGE_ID = 512;
    private static final Pattern NETWORK = Pattern.compile("[a-z][a-z0-9-]{0,15}");

    private Columns() {
    }

    static String text(String name, String value, int maxChars) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        if (value.length() > maxChars) {
            throw new IllegalArgumentException(name + " is longer than " + maxChars + " characters");
        }
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(name + " contains NUL");
        }
        return value;
    }

    /** Network names are lower-case keys such as "irc", "sip", "mail". */
    static String network(String network) {
        if (network == null || !NETWORK.matcher(network).matches()) {
            throw new IllegalArgumentException("network '" + network + "' must be a lower-case name like irc, sip or mail");
        }
        return network;
    }
}
