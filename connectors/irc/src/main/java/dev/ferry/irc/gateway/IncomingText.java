package dev.ferry.irc.gateway;

import dev.ferry.irc.protocol.IrcFormatting;
import dev.ferry.irc.protocol.IrcMessage;
import java.time.Instant;
import java.util.Optional;

/**
 * How the text of an IRC PRIVMSG or NOTICE reads as an XMPP body, live or replayed from the
 * server's history: formatting codes become XEP-0393 styling, CTCP ACTION becomes {@code /me},
 * a NOTICE is marked {@code [notice]}. A CTCP request (VERSION, PING…) is no text at all.
 */
final class IncomingText {

    private IncomingText() {
    }

    /** The XMPP body, or empty for a CTCP request, which is answered (live) or skipped (history). */
    static Optional<String> body(boolean notice, String text) {
        Optional<String> action = action(text);
        if (action.isPresent()) {
            return Optional.of("/me " + IrcFormatting.toStyling(action.get()));
        }
        if (!notice && text.startsWith("\u0001")) {
            return Optional.empty();
        }
        String styled = IrcFormatting.toStyling(text);
        return Optional.of(notice ? "[notice] " + styled : styled);
    }

    /** The text of a CTCP ACTION; a missing closing \u0001 (truncated by the server) is tolerated. */
    private static Optional<String> action(String text) {
        if (text.startsWith("\u0001ACTION ")) {
            return Optional.of(text.substring(8, text.endsWith("\u0001") ? text.length() - 1 : text.length()));
        }
        return Optional.empty();
    }

    /** When the server says the line was sent (IRCv3 server-time), if it says so readably. */
    static Optional<Instant> sentAt(IrcMessage m) {
        String time = m.tags().get("time");
        if (time == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(time));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
