package dev.ferry.bridge.xmpp;

import dev.ferry.spi.Delivery;
import dev.ferry.spi.Event;
import java.util.concurrent.CompletionStage;

/** Takes the events the XMPP side produced for one component domain (the Camel consumer does). */
@FunctionalInterface
public interface InboundHandler {

    CompletionStage<Delivery> accept(Event event);

    /**
     * Whether {@link #accept} takes this event without blocking (its route and its connector wait
     * on no store, network or long lock), so it may run on the XMPP link's own thread.
     */
    default boolean takesWithoutBlocking(Event event) {
        return false;
    }
}
