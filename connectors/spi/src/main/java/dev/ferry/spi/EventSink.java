package dev.ferry.spi;

import java.util.concurrent.CompletionStage;

/** Where a connector hands the events its network produced. */
@FunctionalInterface
public interface EventSink {

    CompletionStage<Delivery> accept(Event event);
}
