package dev.ferry.bridge.camel;

import dev.ferry.bridge.xmpp.ComponentGateway;
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
        gateway = ((XmppComponentEndpoint) getEndpoint()).gateway();
        gateway.setInbound(event -> EventHeaders.route(this, event, gateway.domain(), gateway.network()));
    }

    @Override
    protected void doStop() throws Exception {
        if (gateway != null) {
            gateway.setInbound(null);
        }
        super.doStop();
    }
}
