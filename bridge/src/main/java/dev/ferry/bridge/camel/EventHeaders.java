package dev.ferry.bridge.camel;

import dev.ferry.spi.Delivery;
import dev.ferry.spi.Event;
import java.util.concurrent.CompletableFuture;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.support.DefaultConsumer;

/** Puts an event and its routing headers on an exchange, and reads the outcome back. */
final class EventHeaders {

    private EventHeaders() {
    }

    static void put(Exchange exchange, Event event, String domain, String network) {
        org.apache.camel.Message m = exchange.getMessage();
        m.setBody(event);
        m.setHeader(XmppComponentConstants.DOMAIN, domain);
        m.setHeader(XmppComponentConstants.NETWORK, network);
        m.setHeader(XmppComponentConstants.EVENT_TYPE, event.getClass().getSimpleName());
        m.setHeader(XmppComponentConstants.FROM, event.from().toString());
        m.setHeader(XmppComponentConstants.TO, event.to().toString());
        if (event instanceof dev.ferry.spi.Message message) {
            m.setHeader(XmppComponentConstants.TEXT, message.body());
        }
    }

    /**
     * What the route made of the event: a {@link Delivery} body is the answer; an exception is a
     * failure; anything else (a route that filtered or logged it) counts as accepted.
     */
    static Delivery outcome(Exchange exchange) {
        if (exchange.getException() != null) {
            return Delivery.failed(dev.ferry.spi.Failure.INTERNAL_SERVER_ERROR,
                    "route failed: " + exchange.getException().getMessage());
        }
        Object body = exchange.getMessage().getBody();
        return body instanceof Delivery d ? d : Delivery.delivered();
    }

    /**
     * Runs one event through the consumer's route (InOut) and completes with what became of it,
     * so the side that produced the event can answer its sender.
     */
    static CompletableFuture<Delivery> route(DefaultConsumer consumer, Event event, String domain, String network) {
        Exchange exchange = consumer.createExchange(false);
        exchange.setPattern(ExchangePattern.InOut);
        put(exchange, event, domain, network);
        CompletableFuture<Delivery> result = new CompletableFuture<>();
        consumer.getAsyncProcessor().process(exchange, doneSync -> {
            result.complete(outcome(exchange));
            consumer.releaseExchange(exchange, false);
        });
        return result;
    }

    static Event event(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        if (body instanceof Event e) {
            return e;
        }
        throw new IllegalArgumentException("expected a Ferry event as body, got "
                + (body == null ? "null" : body.getClass().getName()));
    }
}
