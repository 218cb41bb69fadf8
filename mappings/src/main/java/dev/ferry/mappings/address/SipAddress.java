package dev.ferry.mappings.address;

import java.util.Locale;

/**
 * A SIP address-of-record seen from XMPP: {@code bob%sip.example.com@sip.gw} (or
 * {@code bob\40sip.example.com@sip.gw}) is {@code sip:bob@sip.example.com}. The other direction,
 * a JID reached from SIP as {@code sip:alice*example.org@<bridge host>}, is
 * {@link #jidFromUser}/{@link #userForJid}.
 *
 * <p>The user part is restricted to characters that need no escaping in a SIP URI and cannot
 * smuggle a port, URI parameter or header into a request line ({@code : ; ? @}).
 *
 * @param user SIP user part
 * @param host SIP domain
 */
public record SipAddress(String user, String host) {

    public static final String DEFAULT_SEPARATOR = "*";
    public static final int MAX_USER_LENGTH = 128;

    /** RFC 3261 unreserved and user-unreserved characters, minus those we refuse on purpose. */
    private static final String USER_PUNCTUATION = "-_.!~*()&=+$,/";

    public SipAddress {
        requireUser(user);
        Hostname.require("SIP host", user + "@" + host, host);
    }

    /** Parses a JID local part on the SIP gateway ({@code bob%host} or {@code bob\40host}). */
    public static SipAddress parse(String xmppLocalpart) {
        ForeignLocalpart p = ForeignLocalpart.parse("SIP address", xmppLocalpart);
        return new SipAddress(p.user(), p.host());
    }

    /** Parses {@code sip:user@host}; ports, parameters and headers are refused. */
    public static SipAddress parseUri(String uri) {
        if (uri == null || !uri.toLowerCase(Locale.ROOT).startsWith("sip:")) {
            throw new AddressException("SIP URI", uri, "must start with 'sip:'");
        }
        String rest = uri.substring(4);
        int at = rest.lastIndexOf('@');
        if (at <= 0) {
            throw new AddressException("SIP URI", uri, "missing user part before '@'");
        }
        return new SipAddress(rest.substring(0, at), rest.substring(at + 1));
    }

    /** The JID local part on the SIP gateway, canonical {@code %} form, XEP-0106 escaped. */
    public String format() {
        return ForeignLocalpart.format(user, host);
    }

    public String toSipUri() {
        return "sip:" + user + "@" + host;
    }

    /** SIP to XMPP: user part {@code alice*example.org} is the JID {@code alice@example.org}. */
    public static JidAddress jidFromUser(String userPart, String separator) {
        JidAddress.requireSeparator(separator);
        requireUser(userPart);
        return JidAddress.fromSeparated("SIP user part", userPart, separator);
    }

    /** XMPP to SIP: the user part under which {@code jid} is reachable on the bridge's SIP host. */
    public static String userForJid(JidAddress jid, String separator) {
        JidAddress.requireSeparator(separator);
        String userPart = jid.localpart() + separator + jid.domain();
        requireUser(userPart);
        return userPart;
    }

    private static void requireUser(String user) {
        String what = "SIP user part";
        if (user == null || user.isEmpty()) {
            throw new AddressException(what, user, "missing user part");
        }
        if (user.length() > MAX_USER_LENGTH) {
            throw new AddressException(what, user, "longer than " + MAX_USER_LENGTH + " characters");
        }
        for (int i = 0; i < user.length(); i++) {
            char c = user.charAt(i);
            if (c < 128 && (Character.isLetterOrDigit(c) || USER_PUNCTUATION.indexOf(c) >= 0)) {
                continue;
            }
            String reason = switch (c) {
                case '\r' -> "contains CR";
                case '\n' -> "contains LF";
                case '\0' -> "contains NUL";
                case '<', '>' -> "contains '" + c + "'";
                case '"', '\'' -> "contains a quote";
                case ':' -> "contains ':' (a port or password is not allowed in the user part)";
                case ';' -> "contains ';' (URI parameters are not allowed in the user part)";
                case '?' -> "contains '?' (URI headers are not allowed in the user part)";
                case '@' -> "contains '@'";
                case '%' -> "contains '%' (percent-escapes are not accepted)";
                default -> Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c)
                        ? String.format("contains whitespace or control character U+%04X", (int) c)
                        : "character '" + c + "' is not allowed";
            };
            throw new AddressException(what, user, reason);
        }
    }
}
