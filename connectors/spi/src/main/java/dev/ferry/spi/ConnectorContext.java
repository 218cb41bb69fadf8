package dev.ferry.spi;

import dev.ferry.mappings.store.Store;
import java.util.Map;

/**
 * What the bridge gives a connector at start: its component domain, its own config section
 * (raw key/values from {@code ferry.yaml}, validated by the connector) and the store.
 */
public record ConnectorContext(String componentDomain, Map<String, Object> settings, Store store) {

    public ConnectorContext {
        settings = settings == null ? Map.of() : Map.copyOf(settings);
    }
}
