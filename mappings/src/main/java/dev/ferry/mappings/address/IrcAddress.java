package dev.ferry.mappings.address;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * An IRC target on the gateway, Biboumi-compatible: room {@code #chan%irc.server}, private
 * {@code nick%irc.server}, server {@code irc.server} (the server sits in the local part:
 * {@code irc.server@irc.gw}). In fixed-server mode the server part is left out:
 * {@code #chan@irc.gw}, {@code nick@irc.gw}, and the bare gateway JID is the server.
 *
 * @param kind   what the address names
 * @param server IRC server host name
 * @param target channel (with its prefix) or nick; empty for {@link Kind#SERVER}
 */
public record IrcAddress(Kind kind, String server, String target) {

    public enum Kind { ROOM, USER, SERVER }

    /** Channel prefixes of RFC 2811. */
    public static final String CHANNEL_PREFIXES = "#&+!";
    /** RFC 2812 allows 50; modern servers allow more, 200 bytes is the hard cap we accept. */
    public static final int MAX_CHANNEL_BYTES = 200;
    public static final int MAX_NICK_BYTES = 64;

    private static final char SEPARATOR = '%';

    public IrcAddress {
        Objects.requireNonNull(kind, "kind");
        target = target == null ? "" : target;
        Hostname.require("IRC server", server, server);
        switch (kind) {
            case SERVER -> {
                if (!target.isEmpty()) {
                    throw new AddressException("IRC server address", target, "a server address has no channel or nick");
                }
            }
            case ROOM -> requireChannel(target);
            case USER -> requireNick(target);
        }
    }

    public static IrcAddress room(String server, String channel) {
        return new IrcAddress(Kind.ROOM, server, channel);
    }

    public static IrcAddress user(String server, String nick) {
        return new IrcAddress(Kind.USER, server, nick);
    }

    public static IrcAddress server(String server) {
        return new IrcAddress(Kind.SERVER, server, "");
    }

    /** A channel if {@code target} starts with a channel prefix, a nick otherwise, the server if empty. */
    public static IrcAddress of(String server, String target) {
        if (target == null || target.isEmpty()) {
            return server(server);
        }
        return isChannel(target) ? room(server, target) : user(server, target);
    }

    public static boolean isChannel(String target) {
        return !target.isEmpty() && CHANNEL_PREFIXES.indexOf(target.charAt(0)) >= 0;
    }

    /** Parses a JID local part (XEP-0106 escaped, as on the wire) in multi-server mode. */
    public static IrcAddress parse(String localpart) {
        return parse(localpart, null);
    }

    /**
     * Parses a JID local part. With a non-null {@code fixedServer} the gateway serves that one
     * server: the local part is the channel or nick, an empty local part is the server itself, and
     * a {@code %server} suffix is tolerated only if it names the fixed server.
     */
    public static IrcAddress parse(String localpart, String fixedServer) {
        if (localpart == null) {
            throw new AddressException("IRC address", null, "missing local part");
        }
        String raw = Xep0106.unescape(localpart);
        int sep = raw.lastIndexOf(SEPARATOR);
        if (fixedServer != null) {
            if (sep >= 0) {
                String given = raw.substring(sep + 1);
                if (!given.equalsIgnoreCase(fixedServer)) {
                    throw new AddressException("IRC address", localpart,
                            "server '" + AddressException.printable(given) + "' given, but this gateway only serves '" + fixedServer + "'");
                }
                raw = raw.substring(0, sep);
                if (raw.isEmpty()) {
                    throw new AddressException("IRC address", localpart, "missing channel or nick before '%'");
                }
            }
            return of(fixedServer, raw);
        }
        if (raw.isEmpty()) {
            throw new AddressException("IRC address", localpart,
                    "empty local part; expected #channel%server, nick%server or server");
        }
        if (sep < 0) {
            return server(raw);
        }
        String target = raw.substring(0, sep);
        String server = raw.substring(sep + 1);
        if (target.isEmpty()) {
            throw new AddressException("IRC address", localpart, "missing channel or nick before '%'");
        }
        if (server.isEmpty()) {
            throw new AddressException("IRC address", localpart, "missing IRC server after '%'");
        }
        return of(server, target);
    }

    /** The JID local part in multi-server mode. */
    public String format() {
        return formatLocalpart(null);
    }

    /**
     * The JID local part (XEP-0106 escaped). With a non-null {@code fixedServer} (which must be
     * this address's server) the server part is left out.
     */
    public String formatLocalpart(String fixedServer) {
        if (fixedServer != null) {
            if (!fixedServer.equalsIgnoreCase(server)) {
                throw new AddressException("IRC address", target + SEPARATOR + server,
                        "cannot be written for a gateway fixed to '" + fixedServer + "'");
            }
            return Xep0106.escape(target);
        }
        return Xep0106.escape(kind == Kind.SERVER ? server : target + SEPARATOR + server);
    }

    private static void requireChannel(String channel) {
        String what = "IRC channel";
        if (channel.isEmpty() || !isChannel(channel)) {
            throw new AddressException(what, channel, "must start with one of " + CHANNEL_PREFIXES);
        }
        if (channel.length() == 1) {
            throw new AddressException(what, channel, "empty channel name after the prefix");
        }
        requireLineSafe(what, channel);
        if (channel.indexOf(SEPARATOR) >= 0) {
            throw new AddressException(what, channel, "'%' separates the server and cannot appear in a channel name");
        }
        if (channel.getBytes(StandardCharsets.UTF_8).length > MAX_CHANNEL_BYTES) {
            throw new AddressException(what, channel, "longer than " + MAX_CHANNEL_BYTES + " bytes");
        }
    }

    private static void requireNick(String nick) {
        String what = "IRC nick";
        if (nick.isEmpty()) {
            throw new AddressException(what, nick, "empty nick");
        }
        if (isChannel(nick)) {
            throw new AddressException(what, nick, "a nick cannot start with a channel prefix " + CHANNEL_PREFIXES);
        }
        requireLineSafe(what, nick);
        if (nick.charAt(0) == ':') {
            throw new AddressException(what, nick, "a nick cannot start with ':' (it would end the IRC parameters)");
        }
        for (char c : new char[] {'!', '@', SEPARATOR}) {
            if (nick.indexOf(c) >= 0) {
                throw new AddressException(what, nick, "'" + c + "' is not allowed in a nick");
            }
        }
        if (nick.getBytes(StandardCharsets.UTF_8).length > MAX_NICK_BYTES) {
            throw new AddressException(what, nick, "longer than " + MAX_NICK_BYTES + " bytes");
        }
    }

    /** What would split or end an IRC protocol line, or a parameter list. */
    private static void requireLineSafe(String what, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String reason = switch (c) {
                case '\r' -> "contains CR";
                case '\n' -> "contains LF";
                case '\0' -> "contains NUL";
                case ' ' -> "contains a space";
                case ',' -> "contains a comma";
                default -> Character.isISOControl(c) || Character.isWhitespace(c)
                        ? String.format("contains control or space character U+%04X", (int) c) : null;
            };
            if (reason != null) {
                throw new AddressException(what, s, reason);
            }
        }
    }
}
