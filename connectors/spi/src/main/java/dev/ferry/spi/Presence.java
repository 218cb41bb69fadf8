package dev.ferry.spi;

import java.util.Optional;

/** Availability of {@code from} as seen by {@code to}. */
public record Presence(Address from, Address to, Availability availability, Optional<String> status,
                       int priority) implements Event {

    public enum Availability { AVAILABLE, CHAT, AWAY, EXTENDED_AWAY, DO_NOT_DISTURB, UNAVAILABLE }

    public Presence {
        status = status == null ? Optional.empty() : status;
    }
}
