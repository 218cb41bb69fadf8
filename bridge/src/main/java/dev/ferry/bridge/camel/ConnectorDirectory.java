package dev.ferry.bridge.camel;

import dev.ferry.spi.Connector;
import dev.ferry.spi.Delivery;
import dev.ferry.spi.Event;
import dev.ferry.spi.EventSink;
import dev.ferry.spi.Failure;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The started connectors by network, and the sinks their inbound events flow into (the
 * {@code connector:} consumers). Bound in the Camel registry as {@value #NAME}.
 */
public final class ConnectorDirectory {

    public static final String NAME = "ferryConnectors";

    private final Map<String, Connector> connectors = new ConcurrentHashMap<>();
    private final Map<String, EventSink> sinks = new ConcurrentHashMap<>();

    public void add(Connector connector) {
        connectors.put(connector.network(), connector);
    }

    public Optional<Connector> connector(String network) {
        return Optional.ofNullable(connectors.get(network));
    }

    public Map<String, Connector> all() {
        return Map.copyOf(connectors);
    }

    void consume(String network, EventSink sink) {
        if (sink == null) {
            sinks.remove(network);
        } else {
            sinks.put(network, sink);
        }
    }

    /** What a connector is given as its inbound sink: events reach the route while it runs. */
    public EventSink sinkFor(String network) {
        return new EventSink() {
            @Override
            public CompletionStage<Delivery> accept(Event event) {
                EventSink sink = sinks.get(network);
                if (sink == null) {
                    return CompletableFuture.completedFuture(Delivery.failed(Failure.SERVICE_UNAVAILABLE,
                            "no route consumes connector:" + network));
                }
                return sink.accept(event);
            }

            @Override
            public boolean takesWithoutBlocking(Event event) {
                EventSink sink = sinks.get(network);
                return sink != null && sink.takesWithoutBlocking(event);
            }
        };
    }
}
