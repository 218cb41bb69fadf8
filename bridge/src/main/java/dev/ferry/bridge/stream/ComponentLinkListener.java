package dev.ferry.bridge.stream;

/**
 * What a {@link ComponentLink} tells the rest of the bridge.
 *
 * <p>All callbacks run on the link's Netty event loop. They must return quickly: hand any store,
 * route or translation work to your own executor. An exception thrown by a callback is logged and
 * otherwise ignored; it never takes the link down.
 */
public interface ComponentLinkListener {

    /** The server accepted our handshake; {@link ComponentLink#send} now works. */
    void onConnected(ComponentLink link);

    /**
     * One complete top-level child of the server's stream, re-serialized as standalone XML: its
     * namespace ({@code jabber:component:accept} for stanzas) is declared on the element itself.
     */
    void onStanza(ComponentLink link, String stanzaXml);

    /**
     * A stanza from the server was refused for its size (the link then ends with policy-violation
     * and reconnects). Its head lets the listener answer the sender, so nothing vanishes silently.
     */
    default void onStanzaRefused(ComponentLink link, RefusedStanza head) {
    }

    /** Called each time the link goes down; the link then retries unless {@link LinkFailure#fatal()}. */
    void onDisconnected(ComponentLink link, LinkFailure failure);
}
