package dev.ferry.bridge.stream;

import java.util.concurrent.CompletableFuture;

/**
 * Where a gateway's outgoing stanzas go: a component link to the local server, or (in
 * server-to-server mode) the routes to every remote domain. The outbox and the gateway services
 * see only this.
 */
public interface StanzaLink {

    /** The local domain this link sends for. */
    String domain();

    /** True while stanzas can be handed over. */
    boolean isUp();

    /** Hands one stanza over; false when the link is down (the caller keeps it in its outbox). */
    boolean send(CharSequence stanzaXml);

    /** Like {@link #send}, completing when handed over, exceptionally when the link is down or the write failed. */
    CompletableFuture<Void> sendAndConfirm(CharSequence stanzaXml);
}
