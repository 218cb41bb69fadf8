package dev.ferry.bridge.camel;

import dev.ferry.bridge.camel.ConnectorComponent.ConnectorEndpoint;
import dev.ferry.bridge.xmpp.ComponentGateway;
import dev.ferry.spi.Delivery;
import dev.ferry.spi.Event;
import dev.ferry.spi.EventSink;
import java.util.concurrent.CompletionStage;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;

/** Yields what a network sent (as neutral events) into the route towards XMPP. */
final class ConnectorConsumer extends DefaultConsumer {

    ConnectorConsumer(ConnectorEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        ConnectorEndpoint endpoint = (ConnectorEndpoint) getEndpoint();
        GatewayDirectory gateways = endpoint.isEventsOnNetworkThread()
                ? getEndpoint().getCamelContext().getRegistry().lookupByNameAndType(GatewayDirectory.NAME, GatewayDirectory.class)
                : null;
        endpoint.directory().consume(endpoint.getNetwork(), new EventSink() {
            @Override
            public CompletionStage<Delivery> accept(Event event) {
                return EventHeaders.route(ConnectorConsumer.this, event, event.from().domain(), endpoint.getNetwork());
            }

            @Override
            public boolean takesWithoutBlocking(Event event) {
                return gateways != null && gateways.byDomain(event.from().domain())
                        .filter(ComponentGateway::sendsWithoutBlocking).isPresent();
            }
        });
    }

    @Override
    protected void doStop() throws Exception {
        ConnectorEndpoint endpoint = (ConnectorEndpoint) getEndpoint();
        endpoint.directory().consume(endpoint.getNetwork(), null);
        super.doStop();
    }
}
