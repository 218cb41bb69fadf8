package dev.ferry.mappings.address;

/**
 * The two spellings of a foreign {@code user@host} in a JID local part: {@code user%host} and
 * the XEP-0106 {@code user\40host}. Only splits; the caller validates both halves.
 */
record ForeignLocalpart(String user, String host) {

    static ForeignLocalpart parse(String what, String localpart) {
        if (localpart == null || localpart.isEmpty()) {
            throw new AddressException(what, localpart, "empty local part; expected user%host or user\\40host");
        }
        String raw = Xep0106.unescape(localpart);
        int sep = raw.lastIndexOf('@');
        if (sep < 0) {
            sep = raw.lastIndexOf('%');
        }
        if (sep < 0) {
            throw new AddressException(what, localpart, "no '%' or '\\40' between user and host");
        }
        String user = raw.substring(0, sep);
        String host = raw.substring(sep + 1);
        if (user.isEmpty()) {
            throw new AddressException(what, localpart, "missing user before the separator");
        }
        if (host.isEmpty()) {
            throw new AddressException(what, localpart, "missing host after the separator");
        }
        return new ForeignLocalpart(user, host);
    }

    /** The canonical {@code %} form, escaped for a JID local part. */
    static String format(String user, String host) {
        return Xep0106.escape(user + "%" + host);
    }
}
