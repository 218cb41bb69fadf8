package dev.ferry.bridge.config;

import dev.ferry.spi.Connector;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

/** The config keys each installed connector declares for its section. */
final class ConnectorKeys {

    private ConnectorKeys() {
    }

    static Map<String, Set<String>> installed() {
        Map<String, Set<String>> keys = new HashMap<>();
        // Only the declarations are read; no connector is started here.
        ServiceLoader.load(Connector.class).stream()
                .forEach(p -> {
                    Connector c = p.get();
                    keys.put(c.network(), c.settingKeys());
                });
        return keys;
    }
}
