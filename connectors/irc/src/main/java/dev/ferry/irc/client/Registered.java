package dev.ferry.irc.client;

import java.util.Map;
import java.util.Set;

/**
 * The outcome of registration: the nick the server gave us, the IRCv3 capabilities enabled, and the
 * ISUPPORT (005) tokens ({@code CHANTYPES}, {@code NICKLEN}, ...; a flag token maps to "").
 */
public record Registered(String nick, Set<String> capabilities, Map<String, String> isupport) {
    public Registered {
        capabilities = SharedValues.canonical(Set.copyOf(capabilities));
        isupport = SharedValues.canonical(Map.copyOf(isupport));
    }
}
