package dev.ferry.irc.gateway;

import dev.ferry.spi.RoomEvent.Affiliation;
import dev.ferry.spi.RoomEvent.Role;

/** IRC channel status prefixes and modes as XEP-0045 roles and affiliations (as Biboumi maps them). */
final class IrcRoles {

    /** Prefix characters NAMES may put before a nick, highest first (multi-prefix sends several). */
    static final String PREFIXES = "~&@%+";

    private IrcRoles() {
    }

    static Role role(String prefixes) {
        if (prefixes.indexOf('~') >= 0 || prefixes.indexOf('&') >= 0 || prefixes.indexOf('@') >= 0 || prefixes.indexOf('%') >= 0) {
            return Role.MODERATOR;
        }
        return Role.PARTICIPANT;
    }

    static Affiliation affiliation(String prefixes) {
        if (prefixes.indexOf('~') >= 0) {
            return Affiliation.OWNER;
        }
        if (prefixes.indexOf('&') >= 0 || prefixes.indexOf('@') >= 0) {
            return Affiliation.ADMIN;
        }
        if (prefixes.indexOf('%') >= 0 || prefixes.indexOf('+') >= 0) {
            return Affiliation.MEMBER;
        }
        return Affiliation.NONE;
    }

    /** Splits a NAMES entry such as {@code @+alice} into its prefixes and the nick. */
    static String[] split(String entry) {
        int i = 0;
        while (i < entry.length() && PREFIXES.indexOf(entry.charAt(i)) >= 0) {
            i++;
        }
        return new String[] {entry.substring(0, i), entry.substring(i)};
    }

    /** The prefix a channel mode letter grants: o → @, v → +, h → %, a → &, q → ~. */
    static char prefixOfMode(char mode) {
        return switch (mode) {
            case 'q' -> '~';
            case 'a' -> '&';
            case 'o' -> '@';
            case 'h' -> '%';
            case 'v' -> '+';
            default -> 0;
        };
    }
}
