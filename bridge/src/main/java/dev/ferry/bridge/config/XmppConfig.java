package dev.ferry.bridge.config;

import java.util.List;
import java.util.Optional;

/** The {@code xmpp} section: where the server's component port is and which components to run. */
public record XmppConfig(String host, int port, boolean failFast, int maxStanzaSize, int keepaliveSeconds,
                         int pingIntervalSeconds, List<ComponentConfig> components) {

    public XmppConfig {
        components = List.copyOf(components);
    }

    public Optional<ComponentConfig> component(String network) {
        return components.stream().filter(c -> c.network().equals(network)).findFirst();
    }
}
