package dev.ferry.bridge.camel;

import dev.ferry.bridge.camel.ConnectorComponent.ConnectorEndpoint;
import dev.ferry.spi.Delivery;
import java.util.concurrent.CompletableFuture;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
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
        endpoint.directory().consume(endpoint.getNetwork(), event -> {
            Exchange exchange = createExchange(false);
            exchange.setPattern(ExchangePattern.InOut);
            EventHeaders.put(exchange, event, event.from().domain(), endpoint.getNetwork());
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
        ConnectorEndpoint endpoint = (ConnectorEndpoint) getEndpoint();
        endpoint.directory().consume(endpoint.getNetwork(), null);
        super.doStop();
    }
}
