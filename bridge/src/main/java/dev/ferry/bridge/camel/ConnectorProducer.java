package dev.ferry.bridge.camel;

import dev.ferry.bridge.camel.ConnectorComponent.ConnectorEndpoint;
import dev.ferry.spi.Connector;
import dev.ferry.spi.Delivery;
import dev.ferry.spi.Event;
import dev.ferry.spi.Failure;
import java.util.Optional;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultAsyncProducer;

/** Hands an event to the sender's session on the network; the body becomes the {@link Delivery}. */
final class ConnectorProducer extends DefaultAsyncProducer {

    ConnectorProducer(ConnectorEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        ConnectorEndpoint endpoint = (ConnectorEndpoint) getEndpoint();
        Event event;
        try {
            event = EventHeaders.event(exchange);
        } catch (IllegalArgumentException e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        Optional<Connector> connector = endpoint.directory().connector(endpoint.getNetwork());
        if (connector.isEmpty()) {
            exchange.getMessage().setBody(Delivery.failed(Failure.SERVICE_UNAVAILABLE,
                    "no " + endpoint.getNetwork() + " connector is running in this Ferry (check the routes)"));
            callback.done(true);
            return true;
        }
        connector.get().open(event.from().bare()).send(event).whenComplete((delivery, error) -> {
            if (error != null) {
                exchange.setException(error);
            } else {
                exchange.getMessage().setBody(delivery);
            }
            callback.done(false);
        });
        return false;
    }
}
