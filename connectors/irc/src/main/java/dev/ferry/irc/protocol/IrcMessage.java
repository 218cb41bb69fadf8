package dev.ferry.irc.protocol;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One IRC line (RFC 1459 / RFC 2812 with IRCv3 message tags), immutable.
 *
 * <p>{@link #parse(String)} is lenient (it reads what servers send); {@link #toLine()} and the
 * static builders are strict: CR, LF or NUL anywhere, or a middle parameter that is empty, holds a
 * space or starts with {@code :}, is refused with an {@link IllegalArgumentException} naming the
 * parameter. That is what keeps user text from ever becoming a second command on the wire.
 */
public record IrcMessage(Map<String, String> tags, Optional<Prefix> prefix, String command, List<String> params) {

    public IrcMessage {
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(tags, "tags")));
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(command, "command");
        params = List.copyOf(params);
    }

    /** A message with no tags and no prefix, as a client sends them. */
    public static IrcMessage of(String command, List<String> params) {
        return new IrcMessage(Map.of(), Optional.empty(), command, params);
    }

    // ---- reading -------------------------------------------------------------------------

    /**
     * Parses one line (a trailing CR/LF is ignored).
     *
     * @throws IllegalArgumentException when the line has no command
     */
    public static IrcMessage parse(String line) {
        Objects.requireNonNull(line, "line");
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == '\n' || line.charAt(end - 1) == '\r')) {
            end--;
        }
        int pos = 0;
        Map<String, String> tags = new LinkedHashMap<>();
        if (pos < end && line.charAt(pos) == '@') {
            int space = indexOfSpace(line, pos, end);
            parseTags(line.substring(pos + 1, space), tags);
            pos = space;
        }
        pos = skipSpaces(line, pos, end);
        Optional<Prefix> prefix = Optional.empty();
        if (pos < end && line.charAt(pos) == ':') {
            int space = indexOfSpace(line, pos, end);
            if (space > pos + 1) {
                prefix = Optional.of(Prefix.parse(line.substring(pos + 1, space)));
            }
            pos = skipSpaces(line, space, end);
        }
        int commandEnd = indexOfSpace(line, pos, end);
        String command = line.substring(pos, commandEnd);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("IRC line has no command: " + abbreviate(line));
        }
        // RFC 2812 §2.3.1: letters or a numeric; anything else (e.g. "@x" after leading spaces) would
        // be written back as tags or a prefix
        if (!command.chars().allMatch(c -> c < 128 && Character.isLetterOrDigit(c))) {
            throw new IllegalArgumentException("IRC line has no valid command: " + abbreviate(line));
        }
        List<String> params = new ArrayList<>();
        pos = commandEnd;
        while (true) {
            pos = skipSpaces(line, pos, end);
            if (pos >= end) {
                break;
            }
            if (line.charAt(pos) == ':') {
                params.add(line.substring(pos + 1, end));
                break;
            }
            int space = indexOfSpace(line, pos, end);
            params.add(line.substring(pos, space));
            pos = space;
        }
        return new IrcMessage(tags, prefix, command.toUpperCase(java.util.Locale.ROOT), params);
    }

    private static void parseTags(String raw, Map<String, String> into) {
        for (String tag : raw.split(";")) {
            if (tag.isEmpty()) {
                continue;
            }
            int eq = tag.indexOf('=');
            if (eq < 0) {
                into.put(tag, "");
            } else {
                into.put(tag.substring(0, eq), unescapeTagValue(tag.substring(eq + 1)));
            }
        }
    }

    /** IRCv3 message-tags value unescaping; an unknown escape yields the escaped char, a lone trailing backslash is dropped. */
    static String unescapeTagValue(String value) {
        if (value.indexOf('\\') < 0) {
            return value;
        }
        StringBuilder sb = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (++i >= value.length()) {
                break;
            }
            char e = value.charAt(i);
            switch (e) {
                case ':' -> sb.append(';');
                case 's' -> sb.append(' ');
                case 'r' -> sb.append('\r');
                case 'n' -> sb.append('\n');
                default -> sb.append(e);
            }
        }
        return sb.toString();
    }

    static String escapeTagValue(String value) {
        StringBuilder sb = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case ';' -> sb.append("\\:");
                case ' ' -> sb.append("\\s");
                case '\\' -> sb.append("\\\\");
                case '\r' -> sb.append("\\r");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private static int indexOfSpace(String s, int from, int end) {
        int i = s.indexOf(' ', from);
        return i < 0 || i > end ? end : i;
    }

    private static int skipSpaces(String s, int pos, int end) {
        while (pos < end && s.charAt(pos) == ' ') {
            pos++;
        }
        return pos;
    }

    // ---- accessors ------------------------------------------------------------------------

    /** The parameter at {@code index}, or empty. */
    public Optional<String> param(int index) {
        return index < params.size() ? Optional.of(params.get(index)) : Optional.empty();
    }

    /** The last parameter (the text of PRIVMSG/NOTICE), or "". */
    public String trailing() {
        return params.isEmpty() ? "" : params.get(params.size() - 1);
    }

    /** The nick (or server name) of the prefix, or "". */
    public String sourceNick() {
        return prefix.map(Prefix::nick).orElse("");
    }

    public boolean isNumeric() {
        return command.length() == 3 && Character.isDigit(command.charAt(0))
                && Character.isDigit(command.charAt(1)) && Character.isDigit(command.charAt(2));
    }

    public IrcMessage withTags(Map<String, String> newTags) {
        return new IrcMessage(newTags, prefix, command, params);
    }

    // ---- writing --------------------------------------------------------------------------

    /**
     * The wire form without CRLF. The last parameter gets a {@code :} when it is empty, holds a
     * space or starts with {@code :}.
     *
     * @throws IllegalArgumentException naming the offending part when it holds CR, LF or NUL, or
     *                                  a middle parameter cannot be written as one
     */
    public String toLine() {
        StringBuilder sb = new StringBuilder(64);
        if (!tags.isEmpty()) {
            sb.append('@');
            boolean first = true;
            for (Map.Entry<String, String> tag : tags.entrySet()) {
                checkToken("tag key", tag.getKey());
                if (!first) {
                    sb.append(';');
                }
                first = false;
                sb.append(tag.getKey());
                if (tag.getValue().indexOf('\0') >= 0) {
                    // CR and LF are escaped in tag values (IRCv3), NUL has no escape
                    throw new IllegalArgumentException("tag " + tag.getKey() + " contains NUL; refusing to write it on an IRC line");
                }
                if (!tag.getValue().isEmpty()) {
                    sb.append('=').append(escapeTagValue(tag.getValue()));
                }
            }
            sb.append(' ');
        }
        prefix.ifPresent(p -> {
            checkToken("prefix", p.format());
            sb.append(':').append(p.format()).append(' ');
        });
        checkToken("command", command);
        sb.append(command);
        for (int i = 0; i < params.size(); i++) {
            String p = params.get(i);
            String name = "param " + i + " of " + command;
            boolean last = i == params.size() - 1;
            sb.append(' ');
            if (last) {
                checkText(name, p);
                if (p.isEmpty() || p.indexOf(' ') >= 0 || p.charAt(0) == ':') {
                    sb.append(':');
                }
            } else {
                checkMiddle(name, p);
            }
            sb.append(p);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return abbreviate(safeLine());
    }

    private String safeLine() {
        try {
            return toLine();
        } catch (IllegalArgumentException e) {
            return command + " " + params;
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }

    // ---- validation -----------------------------------------------------------------------

    /** Refuses CR, LF and NUL: the three characters that could end or corrupt an IRC line. */
    static String checkText(String name, String value) {
        Objects.requireNonNull(value, name);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == '\0') {
                throw new IllegalArgumentException(name + " contains " + describe(c) + " at index " + i
                        + "; refusing to write it on an IRC line");
            }
        }
        return value;
    }

    /** A middle parameter must also be non-empty, hold no space and not start with ':'. */
    static String checkMiddle(String name, String value) {
        checkText(name, value);
        if (value.isEmpty()) {
            throw new IllegalArgumentException(name + " is empty; only the last IRC parameter may be");
        }
        if (value.indexOf(' ') >= 0) {
            throw new IllegalArgumentException(name + " contains a space; only the last IRC parameter may");
        }
        if (value.charAt(0) == ':') {
            throw new IllegalArgumentException(name + " starts with ':'; only the last IRC parameter may");
        }
        return value;
    }

    private static void checkToken(String name, String value) {
        checkText(name, value);
        if (value.isEmpty() || value.indexOf(' ') >= 0) {
            throw new IllegalArgumentException(name + " is empty or contains a space: '" + value + "'");
        }
    }

    private static String describe(char c) {
        return switch (c) {
            case '\r' -> "CR";
            case '\n' -> "LF";
            default -> "NUL";
        };
    }

    // ---- builders -------------------------------------------------------------------------

    public static IrcMessage privmsg(String target, String text) {
        return of("PRIVMSG", List.of(checkMiddle("target", target), checkText("text", text)));
    }

    public static IrcMessage notice(String target, String text) {
        return of("NOTICE", List.of(checkMiddle("target", target), checkText("text", text)));
    }

    /** JOIN with an optional key (null for none). */
    public static IrcMessage join(String channel, String key) {
        checkMiddle("channel", channel);
        return key == null ? of("JOIN", List.of(channel)) : of("JOIN", List.of(channel, checkMiddle("key", key)));
    }

    /** PART with an optional reason (null for none). */
    public static IrcMessage part(String channel, String reason) {
        checkMiddle("channel", channel);
        return reason == null ? of("PART", List.of(channel)) : of("PART", List.of(channel, checkText("reason", reason)));
    }

    public static IrcMessage nick(String nick) {
        return of("NICK", List.of(checkMiddle("nick", nick)));
    }

    /** {@code USER <username> 0 * :<realname>} (RFC 2812 form). */
    public static IrcMessage user(String username, String realname) {
        return of("USER", List.of(checkMiddle("username", username), "0", "*",
                checkText("realname", realname.isEmpty() ? username : realname)));
    }

    public static IrcMessage pass(String password) {
        return of("PASS", List.of(checkText("password", password)));
    }

    public static IrcMessage ping(String token) {
        return of("PING", List.of(checkText("token", token)));
    }

    public static IrcMessage pong(String token) {
        return of("PONG", List.of(checkText("token", token)));
    }

    /** QUIT with an optional message (null for none). */
    public static IrcMessage quit(String message) {
        return message == null ? of("QUIT", List.of()) : of("QUIT", List.of(checkText("quit message", message)));
    }

    /** {@code CAP <subcommand> [args...]}, e.g. {@code cap("LS", "302")}, {@code cap("REQ", "a b c")}. */
    public static IrcMessage cap(String subcommand, String... args) {
        List<String> params = new ArrayList<>();
        params.add(checkMiddle("CAP subcommand", subcommand));
        for (int i = 0; i < args.length; i++) {
            params.add(i == args.length - 1 ? checkText("CAP argument", args[i]) : checkMiddle("CAP argument", args[i]));
        }
        return of("CAP", params);
    }

    public static IrcMessage authenticate(String payload) {
        return of("AUTHENTICATE", List.of(checkMiddle("AUTHENTICATE payload", payload)));
    }

    /** Any command; the last parameter may hold spaces, the others may not. */
    public static IrcMessage raw(String command, String... params) {
        IrcMessage m = of(checkMiddle("command", command), List.of(params));
        m.toLine(); // validates every parameter now, naming it
        return m;
    }
}
