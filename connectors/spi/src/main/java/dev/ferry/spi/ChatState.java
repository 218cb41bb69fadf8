package dev.ferry.spi;

/** Typing notifications (XEP-0085 on the XMPP side, isComposing on SIP). */
public record ChatState(Address from, Address to, State state) implements Event {

    public enum State { ACTIVE, COMPOSING, PAUSED, INACTIVE, GONE }
}
