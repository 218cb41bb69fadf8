package dev.ferry.irc.protocol;

import java.util.Objects;

/**
 * The source of an IRC message: {@code nick!user@host}, or a server name (then {@code user} and
 * {@code host} are null and {@code nick} holds the server name).
 */
public record Prefix(String nick, String user, String host) {

    public Prefix {
        Objects.requireNonNull(nick, "nick");
        if (nick.isEmpty()) {
            throw new IllegalArgumentException("prefix nick is empty");
        }
    }

    /** Parses {@code nick}, {@code nick@host} or {@code nick!user@host}. */
    public static Prefix parse(String text) {
        Objects.requireNonNull(text, "prefix");
        int at = text.indexOf('@');
        String host = at >= 0 ? text.substring(at + 1) : null;
        String rest = at >= 0 ? text.substring(0, at) : text;
        int bang = rest.indexOf('!');
        String user = bang >= 0 ? rest.substring(bang + 1) : null;
        String nick = bang >= 0 ? rest.substring(0, bang) : rest;
        return new Prefix(nick, user, host);
    }

    /** True when this prefix names a server rather than a user (no user, no host, a dot in the name). */
    public boolean isServer() {
        return user == null && host == null && nick.indexOf('.') >= 0;
    }

    public String format() {
        StringBuilder sb = new StringBuilder(nick);
        if (user != null) {
            sb.append('!').append(user);
        }
        if (host != null) {
            sb.append('@').append(host);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return format();
    }
}
