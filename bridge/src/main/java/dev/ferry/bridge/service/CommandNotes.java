package dev.ferry.bridge.service;

import dev.ferry.bridge.stream.XmlEscaping;
import org.jivesoftware.smackx.commands.AdHocCommandNote;

/**
 * XEP-0050 notes. Smack 4.4.8 writes a note's text into the XML unescaped, so a note such as
 * {@code #den <-> den@conference} made the whole component stream not well-formed and the
 * server dropped the link. The text is escaped here (as the component stream escapes its own
 * text), once, before Smack sees it.
 */
final class CommandNotes {

    private CommandNotes() {
    }

    static AdHocCommandNote info(String text) {
        return new AdHocCommandNote(AdHocCommandNote.Type.info, XmlEscaping.text(text));
    }
}
