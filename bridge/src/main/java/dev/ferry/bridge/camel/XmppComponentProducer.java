package dev.ferry.bridge.camel;

import dev.ferry.spi.Delivery;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

/** Sends the event in the body to its XMPP recipient; the body becomes the {@link Delivery}. */
final class XmppComponentProducer extends DefaultProducer {

    XmppComponentProducer(XmppComponentEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public void process(Exchange exchange) {
        Delivery d = ((XmppComponentEndpoint) getEndpoint()).gateway().send(EventHeaders.event(exchange));
        exchange.getMessage().setBody(d);
    }
}
