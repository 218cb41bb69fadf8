package dev.ferry.spi;

import java.util.Optional;

/**
 * Availability of {@code from} as seen by {@code to}. {@code roomJoin} marks a presence with which
 * a network-side participant (a mirror bot) joins an XMPP room {@code to} = room/nick as a client,
 * asking for no history.
 */
public record Presence(Address from, Address to, Availability availability, Optional<String> status,
                       int priority, boolean roomJoin) implements Event {

    public enum Availability { AVAILABLE, CHAT, AWAY, EXTENDED_AWAY, DO_NOT_DISTURB, UNAVAILABLE }

    public Presence {
        status = status == null ? Optional.empty() : status;
    }

    public Presence(Address from, Address to, Availability availability, Optional<String> status, int priority) {
        this(from, to, availability, status, priority, false);
    }
}
