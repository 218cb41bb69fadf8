package dev.ferry.spi;

import dev.ferry.mappings.store.Store;
import java.util.Map;

/**
 * What the bridge gives a connector at start: its component domain, its own config section
 * (raw key/values from {@code ferry.yaml}, validated by the connector), the store, and the XMPP
 * server's file upload service when it has one.
 */
public record ConnectorContext(String componentDomain, Map<String, Object> settings, Store store, FileUploads uploads) {

    public ConnectorContext {
        settings = settings == null ? Map.of() : Map.copyOf(settings);
        uploads = uploads == null ? FileUploads.NONE : uploads;
    }

    /** A context without a file upload service. */
    public ConnectorContext(String componentDomain, Map<String, Object> settings, Store store) {
        this(componentDomain, settings, store, FileUploads.NONE);
    }
}
