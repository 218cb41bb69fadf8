package dev.ferry.spi;

/**
 * Everything that crosses the bridge, in a form neither XMPP nor any network owns.
 * Inbound network events become {@code Event}s on a Camel endpoint; outbound stanzas become
 * {@code Event}s routed to the connector whose component domain they address.
 */
public sealed interface Event permits Message, Presence, ChatState, RoomEvent, Receipt, Subscription, MessageError {

    Address from();

    Address to();
}
