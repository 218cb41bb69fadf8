package dev.ferry.bridge.xmpp;

import dev.ferry.spi.Delivery;
import dev.ferry.spi.Event;
import java.util.concurrent.CompletionStage;

/** Takes the events the XMPP side produced for one component domain (the Camel consumer does). */
@FunctionalInterface
public interface InboundHandler {

    CompletionStage<Delivery> accept(Event event);
}
