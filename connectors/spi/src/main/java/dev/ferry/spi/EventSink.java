package dev.ferry.spi;

import java.util.concurrent.CompletionStage;

/** Where a connector hands the events its network produced. */
@FunctionalInterface
public interface EventSink {

    CompletionStage<Delivery> accept(Event event);

    /**
     * Whether {@link #accept} takes this event now without blocking (no store, no network round
     * trip): the connector may then pass it on from its own network thread. A hint; false unless
     * the route says its steps never block.
     */
    default boolean takesWithoutBlocking(Event event) {
        return false;
    }
}
