package dev.ferry.mappings.address;

import java.nio.charset.StandardCharsets;

/**
 * A bare JID reached from a foreign network through the separator form
 * ({@code alice*example.org} on SIP or mail is {@code alice@example.org}).
 *
 * @param localpart unescaped local part; RFC 7622 forbids {@code "&'/:<>@} and spaces in it
 * @param domain    host name of the XMPP service
 */
public record JidAddress(String localpart, String domain) {

    public static final int MAX_LOCALPART_BYTES = 1023;
    private static final String FORBIDDEN = "\"&'/:<>@";

    public JidAddress {
        String what = "JID";
        String input = localpart + "@" + domain;
        if (localpart == null || localpart.isEmpty()) {
            throw new AddressException(what, input, "missing local part");
        }
        for (int i = 0; i < localpart.length(); i++) {
            char c = localpart.charAt(i);
            if (FORBIDDEN.indexOf(c) >= 0) {
                throw new AddressException(what, input, "local part may not contain '" + c + "'");
            }
            if (Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSpaceChar(c)) {
                throw new AddressException(what, input,
                        String.format("local part may not contain whitespace or control character U+%04X", (int) c));
            }
        }
        if (localpart.getBytes(StandardCharsets.UTF_8).length > MAX_LOCALPART_BYTES) {
            throw new AddressException(what, input, "local part longer than " + MAX_LOCALPART_BYTES + " bytes");
        }
        Hostname.require(what, input, domain);
    }

    /** Parses {@code local@domain}; resources and domain-only JIDs are refused. */
    public static JidAddress parse(String bareJid) {
        if (bareJid == null) {
            throw new AddressException("JID", null, "missing");
        }
        if (bareJid.indexOf('/') >= 0) {
            throw new AddressException("JID", bareJid, "must be a bare JID without resource");
        }
        // the last '@': a domain never contains one, so 'a@b@c' fails on the local part
        int at = bareJid.lastIndexOf('@');
        if (at < 0) {
            throw new AddressException("JID", bareJid, "missing '@'");
        }
        return new JidAddress(bareJid.substring(0, at), bareJid.substring(at + 1));
    }

    /** {@code local@domain}, unescaped. */
    public String format() {
        return localpart + "@" + domain;
    }

    /** Splits {@code local<sep>domain} at the last separator (a host name never contains one). */
    static JidAddress fromSeparated(String what, String input, String separator) {
        requireSeparator(separator);
        int i = input.lastIndexOf(separator);
        if (i < 0) {
            throw new AddressException(what, input, "no '" + separator + "' separating the JID local part from its domain");
        }
        return new JidAddress(input.substring(0, i), input.substring(i + separator.length()));
    }

    /** Separators must not be able to occur in a host name, or the split would be ambiguous. */
    static void requireSeparator(String separator) {
        if (separator == null || separator.isEmpty()) {
            throw new AddressException("separator", separator, "must not be empty");
        }
        for (int i = 0; i < separator.length(); i++) {
            char c = separator.charAt(i);
            if (Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '@' || c == '%'
                    || Character.isWhitespace(c) || Character.isISOControl(c)) {
                throw new AddressException("separator", separator,
                        "must not contain letters, digits, '.', '-', '@', '%', spaces or control characters");
            }
        }
    }
}
