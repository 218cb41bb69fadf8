package dev.ferry.bridge.xmpp;

/**
 * Reads a stanza's element name and {@code type} off its start tag, without parsing the rest:
 * enough to know, on the link's thread, whether it is a groupchat message. The tag is tokenized
 * (name, then quoted attributes), so text inside another attribute's value cannot pass for one.
 */
final class StanzaHead {

    private StanzaHead() {
    }

    /** True for {@code <message ... type='groupchat'>} (either quote); false for anything else, malformed included. */
    static boolean isGroupchatMessage(String xml) {
        return xml.startsWith("<message") && "groupchat".equals(attribute(xml, "<message".length(), "type"));
    }

    /** The value of attribute {@code name} in the start tag whose name ends at {@code from}; null when absent or malformed. */
    private static String attribute(String xml, int from, String name) {
        int i = from;
        int n = xml.length();
        while (true) {
            int start = i;
            while (i < n && isSpace(xml.charAt(i))) {
                i++;
            }
            if (i >= n || xml.charAt(i) == '>' || xml.charAt(i) == '/') {
                return null;
            }
            if (i == start) {
                return null; // no space between the element name (or the last value) and an attribute
            }
            int nameStart = i;
            while (i < n && xml.charAt(i) != '=' && !isSpace(xml.charAt(i)) && xml.charAt(i) != '>') {
                i++;
            }
            int nameEnd = i;
            while (i < n && isSpace(xml.charAt(i))) {
                i++;
            }
            if (i >= n || xml.charAt(i) != '=') {
                return null;
            }
            i++;
            while (i < n && isSpace(xml.charAt(i))) {
                i++;
            }
            if (i >= n || (xml.charAt(i) != '\'' && xml.charAt(i) != '"')) {
                return null;
            }
            char quote = xml.charAt(i);
            int valueEnd = xml.indexOf(quote, i + 1);
            if (valueEnd < 0) {
                return null;
            }
            if (xml.regionMatches(nameStart, name, 0, name.length()) && nameEnd - nameStart == name.length()) {
                return xml.substring(i + 1, valueEnd);
            }
            i = valueEnd + 1;
        }
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }
}
