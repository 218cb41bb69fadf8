package dev.ferry.bridge.camel;

import dev.ferry.bridge.xmpp.ComponentGateway;
import dev.ferry.bridge.xmpp.InboundHandler;
import dev.ferry.spi.Delivery;
import dev.ferry.spi.Event;
import java.util.concurrent.CompletionStage;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;

/** Feeds the events XMPP users send to the domain into the route, and hands the outcome back. */
final class XmppComponentConsumer extends DefaultConsumer {

    private ComponentGateway gateway;

    XmppComponentConsumer(XmppComponentEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        XmppComponentEndpoint endpoint = (XmppComponentEndpoint) getEndpoint();
        gateway = endpoint.gateway();
        ComponentGateway g = gateway;
        // Connectors start after the routes, so the connector is asked when a message comes, not now.
        ConnectorDirectory connectors = endpoint.isRoomMessagesOnLinkThread()
                ? getEndpoint().getCamelContext().getRegistry().lookupByNameAndType(ConnectorDirectory.NAME, ConnectorDirectory.class)
                : null;
        gateway.setInbound(new InboundHandler() {
            @Override
            public CompletionStage<Delivery> accept(Event event) {
                return EventHeaders.route(XmppComponentConsumer.this, event, g.domain(), g.network());
            }

            @Override
            public boolean takesWithoutBlocking(Event event) {
                return connectors != null && connectors.connector(g.network()).filter(c -> c.takesWithoutBlocking(event)).isPresent();
            }
        });
    }

    @Override
    protected void doStop() throws Exception {
        if (gateway != null) {
            gateway.setInbound(null);
        }
        super.doStop();
    }
}
