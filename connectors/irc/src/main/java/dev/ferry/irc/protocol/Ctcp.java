package dev.ferry.irc.protocol;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A CTCP request or reply carried in a PRIVMSG (request) or NOTICE (reply) text:
 * {@code \u0001COMMAND argument\u0001}. The closing {@code \u0001} is optional when reading, as
 * some clients leave it out.
 */
public record Ctcp(String command, String argument) {

    public static final char DELIMITER = '\u0001';
    public static final String ACTION = "ACTION";
    public static final String VERSION = "VERSION";
    public static final String PING = "PING";

    public Ctcp {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(argument, "argument");
        command = command.toUpperCase(Locale.ROOT);
        if (command.isEmpty() || command.indexOf(' ') >= 0 || command.indexOf(DELIMITER) >= 0) {
            throw new IllegalArgumentException("CTCP command must be one word: '" + command + "'");
        }
        if (argument.indexOf(DELIMITER) >= 0) {
            throw new IllegalArgumentException("CTCP argument contains \\u0001");
        }
        IrcMessage.checkText("CTCP argument", argument);
    }

    /** The CTCP in a PRIVMSG/NOTICE text, if the text is one. */
    public static Optional<Ctcp> parse(String text) {
        if (text.length() < 2 || text.charAt(0) != DELIMITER) {
            return Optional.empty();
        }
        int end = text.charAt(text.length() - 1) == DELIMITER ? text.length() - 1 : text.length();
        String body = text.substring(1, Math.max(1, end));
        if (body.isEmpty()) {
            return Optional.empty();
        }
        int space = body.indexOf(' ');
        String command = space < 0 ? body : body.substring(0, space);
        String argument = space < 0 ? "" : body.substring(space + 1);
        // CR, LF or NUL cannot be written back on an IRC line: such text is no CTCP we could answer
        if (command.isEmpty() || body.indexOf(DELIMITER) >= 0 || body.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
            return Optional.empty();
        }
        return Optional.of(new Ctcp(command, argument));
    }

    public static boolean isCtcp(String text) {
        return parse(text).isPresent();
    }

    public static Ctcp action(String text) {
        return new Ctcp(ACTION, text);
    }

    public boolean isAction() {
        return ACTION.equals(command);
    }

    /** The text to put in a PRIVMSG (request) or NOTICE (reply). */
    public String encode() {
        return argument.isEmpty() ? DELIMITER + command + DELIMITER : DELIMITER + command + ' ' + argument + DELIMITER;
    }

    /** {@code PRIVMSG target :\u0001VERSION\u0001}. */
    public static IrcMessage versionRequest(String target) {
        return IrcMessage.privmsg(target, new Ctcp(VERSION, "").encode());
    }

    /** {@code PRIVMSG target :\u0001PING token\u0001}. */
    public static IrcMessage pingRequest(String target, String token) {
        return IrcMessage.privmsg(target, new Ctcp(PING, token).encode());
    }

    /** The NOTICE answering this request: VERSION with {@code version}, PING echoing its token. */
    public Optional<IrcMessage> reply(String requester, String version) {
        return switch (command) {
            case VERSION -> Optional.of(IrcMessage.notice(requester, new Ctcp(VERSION, version).encode()));
            case PING -> Optional.of(IrcMessage.notice(requester, encode()));
            default -> Optional.empty();
        };
    }
}
