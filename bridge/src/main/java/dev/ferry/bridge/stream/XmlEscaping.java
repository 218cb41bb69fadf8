package dev.ferry.bridge.stream;

/** Escapes character data and attribute values for XML 1.0 output. */
public final class XmlEscaping {

    private XmlEscaping() {
    }

    public static String text(CharSequence s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        appendText(out, s);
        return out.toString();
    }

    static String attribute(CharSequence s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        appendAttribute(out, s);
        return out.toString();
    }

    static void appendText(StringBuilder out, CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;"); // required after "]]", harmless elsewhere
                case '\r' -> out.append("&#13;"); // a literal CR would be normalized away by the next parser
                default -> out.append(c);
            }
        }
    }

    static void appendAttribute(StringBuilder out, CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                // Whitespace in attribute values is normalized to spaces by parsers unless written as references.
                case '\t' -> out.append("&#9;");
                case '\n' -> out.append("&#10;");
                case '\r' -> out.append("&#13;");
                default -> out.append(c);
            }
        }
    }
}
