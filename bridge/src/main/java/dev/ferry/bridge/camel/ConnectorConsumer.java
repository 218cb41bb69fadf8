package dev.ferry.bridge.camel;

import dev.ferry.bridge.camel.ConnectorComponent.ConnectorEndpoint;
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
        endpoint.directory().consume(endpoint.getNetwork(),
                event -> EventHeaders.route(this, event, event.from().domain(), endpoint.getNetwork()));
    }

    @Override
    protected void doStop() throws Exception {
        ConnectorEndpoint endpoint = (ConnectorEndpoint) getEndpoint();
        endpoint.directory().consume(endpoint.getNetwork(), null);
        super.doStop();
    }
}
