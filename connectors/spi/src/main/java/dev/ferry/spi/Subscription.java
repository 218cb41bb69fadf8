package dev.ferry.spi;

/** A presence subscription request or answer. */
public record Subscription(Address from, Address to, Kind kind) implements Event {

    public enum Kind { SUBSCRIBE, SUBSCRIBED, UNSUBSCRIBE, UNSUBSCRIBED }
}
