package dev.ferry.bridge.camel;

import dev.ferry.bridge.xmpp.ComponentGateway;
import dev.ferry.spi.Delivery;
import java.util.concurrent.CompletableFuture;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
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
        gateway.setInbound(event -> {
            Exchange exchange = createExchange(false);
            exchange.setPattern(ExchangePattern.InOut);
            EventHeaders.put(exchange, event, gateway.domain(), gateway.network());
            CompletableFuture<Delivery> result = new CompletableFuture<>();
            getAsyncProcessor().process(exchange, doneSync -> {
                result.complete(EventHeaders.outcome(exchange));
                releaseExchange(exchange, false);
            });
            return result;
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
