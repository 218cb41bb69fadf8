package dev.ferry.spi;

/**
 * A presence subscription request or answer, or a probe: {@code from} asks for {@code to}'s current
 * presence (a SIP watcher's SUBSCRIBE wants a NOTIFY now, not at the next change).
 */
public record Subscription(Address from, Address to, Kind kind) implements Event {

    public enum Kind { SUBSCRIBE, SUBSCRIBED, UNSUBSCRIBE, UNSUBSCRIBED, PROBE }
}
