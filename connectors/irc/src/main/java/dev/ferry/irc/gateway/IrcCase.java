package dev.ferry.irc.gateway;

import java.util.Locale;

/** IRC's rfc1459 case mapping: nicks and channels compare equal ignoring case, and []\~ equal {}|^. */
final class IrcCase {

    private IrcCase() {
    }

    static String fold(String name) {
        return name.toLowerCase(Locale.ROOT).replace('[', '{').replace(']', '}').replace('\\', '|').replace('~', '^');
    }

    static boolean same(String a, String b) {
        return fold(a).equals(fold(b));
    }
}
