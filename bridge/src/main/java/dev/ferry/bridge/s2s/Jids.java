package dev.ferry.bridge.s2s;

import java.util.Locale;

/** The domain part of a JID as it appears in a stanza attribute, without a full JID parser. */
final class Jids {

    private Jids() {
    }

    /** "" for an empty address. */
    static String domainOf(String jid) {
        if (jid == null || jid.isEmpty()) {
            return "";
        }
        int slash = jid.indexOf('/');
        String bare = slash >= 0 ? jid.substring(0, slash) : jid;
        int at = bare.lastIndexOf('@');
        return (at >= 0 ? bare.substring(at + 1) : bare).toLowerCase(Locale.ROOT);
    }

    /**
     * The stanza as the gateway reads it: the root's {@code jabber:server} namespace becomes the
     * component namespace (they mean the same stanzas; only the first start tag is touched).
     */
    static String asComponentStanza(String xml) {
        int end = xml.indexOf('>');
        if (end < 0) {
            return xml;
        }
        String head = xml.substring(0, end);
        for (String quote : new String[] {"\"", "'"}) {
            String attr = "xmlns=" + quote + S2sMarkup.SERVER_NS + quote;
            int at = head.indexOf(attr);
            if (at >= 0) {
                return xml.substring(0, at) + "xmlns=" + quote + S2sMarkup.COMPONENT_NS + quote + xml.substring(at + attr.length());
            }
        }
        return xml;
    }

    /** A stanza serialized without {@code xmlns} (it inherits the stream's) made standalone for the gateway. */
    static String withComponentNamespace(String xml) {
        int end = xml.indexOf('>');
        if (end < 0 || xml.substring(0, end).contains("xmlns=")) {
            return xml;
        }
        int nameEnd = 1;
        while (nameEnd < xml.length() && !Character.isWhitespace(xml.charAt(nameEnd)) && xml.charAt(nameEnd) != '>'
                && xml.charAt(nameEnd) != '/') {
            nameEnd++;
        }
        return xml.substring(0, nameEnd) + " xmlns=\"" + S2sMarkup.COMPONENT_NS + "\"" + xml.substring(nameEnd);
    }
}
