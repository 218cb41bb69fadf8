package dev.ferry.bridge.service;

import org.jivesoftware.smackx.commands.AdHocCommandNote;

/**
 * XEP-0050 notes. Smack 4.4.8 writes a note's text into the XML unescaped, so a note such as
 * {@code #den <-> den@conference} made the whole component stream not well-formed and the
 * server dropped the link. The text is escaped here, once, before Smack sees it.
 */
final class CommandNotes {

    private CommandNotes() {
    }

    static AdHocCommandNote info(String text) {
        return new AdHocCommandNote(AdHocCommandNote.Type.info, escape(text));
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
