package dev.ferry.mappings.address;

import org.jxmpp.util.XmppStringUtils;

/**
 * XEP-0106 JID escaping ({@code bob@host} as local part {@code bob\40host}), delegated to jxmpp
 * so Ferry and Smack agree byte for byte.
 */
public final class Xep0106 {

    private Xep0106() {
    }

    /**
     * Escapes an arbitrary string into a JID local part. jxmpp writes every whitespace character
     * (tab, LF, U+2028, ...) as {@code \20}, so only U+0020 survives {@link #unescape}; the address
     * codecs refuse other whitespace before escaping.
     */
    public static String escape(String unescaped) {
        return XmppStringUtils.escapeLocalpart(unescaped);
    }

    /** Reverses {@link #escape}; sequences that are not XEP-0106 escapes are left as they are. */
    public static String unescape(String localpart) {
        return XmppStringUtils.unescapeLocalpart(localpart);
    }
}
