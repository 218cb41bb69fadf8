package dev.ferry.mappings.address;

import java.nio.charset.StandardCharsets;

/**
 * A mail address seen from XMPP: {@code carol%mail.example@mail.gw} (or
 * {@code carol\40mail.example@mail.gw}) is {@code carol@mail.example}. The other direction, a
 * JID reached by mail as {@code alice*example.org@<bridge mail domain>}, is
 * {@link #jidFromLocalPart}/{@link #localPartForJid}.
 *
 * <p>Local parts are RFC 5321 dot-atoms only. Quoted local parts are refused, and so are the
 * source-routing characters {@code %} and {@code !}: they would let a sender relay through us.
 *
 * @param localPart dot-atom, at most 64 octets
 * @param domain    host name, at most 253 characters
 */
public record MailAddress(String localPart, String domain) {

    public static final String DEFAULT_SEPARATOR = "*";
    public static final int MAX_LOCAL_PART_OCTETS = 64;

    /** RFC 5322 atext punctuation, minus the relay characters % and !. */
    private static final String ATEXT_PUNCTUATION = "#$&'*+-/=?^_`{|}~";

    public MailAddress {
        requireLocalPart(localPart);
        Hostname.require("mail domain", localPart + "@" + domain, domain);
    }

    /** Parses a JID local part on the mail gateway ({@code carol%host} or {@code carol\40host}). */
    public static MailAddress parse(String xmppLocalpart) {
        ForeignLocalpart p = ForeignLocalpart.parse("mail address", xmppLocalpart);
        return new MailAddress(p.user(), p.host());
    }

    /** Parses a plain {@code local@domain} (no display name, no angle brackets). */
    public static MailAddress parseAddress(String address) {
        if (address == null) {
            throw new AddressException("mail address", null, "missing");
        }
        int at = address.lastIndexOf('@');
        if (at < 0) {
            throw new AddressException("mail address", address, "missing '@'");
        }
        return new MailAddress(address.substring(0, at), address.substring(at + 1));
    }

    /** The JID local part on the mail gateway, canonical {@code %} form, XEP-0106 escaped. */
    public String format() {
        return ForeignLocalpart.format(localPart, domain);
    }

    /** {@code local@domain} as used in SMTP envelopes and headers. */
    public String toAddress() {
        return localPart + "@" + domain;
    }

    /** Mail to XMPP: local part {@code alice*example.org} is the JID {@code alice@example.org}. */
    public static JidAddress jidFromLocalPart(String localPart, String separator) {
        JidAddress.requireSeparator(separator);
        requireLocalPart(localPart);
        return JidAddress.fromSeparated("mail local part", localPart, separator);
    }

    /** XMPP to mail: the local part under which {@code jid} is reachable on the bridge's mail domain. */
    public static String localPartForJid(JidAddress jid, String separator) {
        JidAddress.requireSeparator(separator);
        String localPart = jid.localpart() + separator + jid.domain();
        requireLocalPart(localPart);
        return localPart;
    }

    private static void requireLocalPart(String local) {
        String what = "mail local part";
        if (local == null || local.isEmpty()) {
            throw new AddressException(what, local, "missing local part");
        }
        if (local.startsWith("\"")) {
            throw new AddressException(what, local, "quoted local parts are not accepted");
        }
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            if (c < 128 && (Character.isLetterOrDigit(c) || c == '.' || ATEXT_PUNCTUATION.indexOf(c) >= 0)) {
                continue;
            }
            String reason = switch (c) {
                case '\r' -> "contains CR";
                case '\n' -> "contains LF";
                case '\0' -> "contains NUL";
                case '<', '>' -> "contains '" + c + "'";
                case '"' -> "contains a quote (quoted local parts are not accepted)";
                case '@' -> "contains '@'";
                case '%', '!' -> "contains '" + c + "' (source routing is refused, we are not a relay)";
                default -> Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c)
                        ? String.format("contains whitespace or control character U+%04X", (int) c)
                        : "character '" + c + "' is not allowed in a dot-atom";
            };
            throw new AddressException(what, local, reason);
        }
        if (local.startsWith(".") || local.endsWith(".")) {
            throw new AddressException(what, local, "starts or ends with a dot");
        }
        if (local.contains("..")) {
            throw new AddressException(what, local, "contains consecutive dots");
        }
        if (local.getBytes(StandardCharsets.US_ASCII).length > MAX_LOCAL_PART_OCTETS) {
            throw new AddressException(what, local, "longer than " + MAX_LOCAL_PART_OCTETS + " octets");
        }
    }
}
