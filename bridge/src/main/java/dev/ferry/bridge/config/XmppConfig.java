package dev.ferry.bridge.config;

import java.util.List;
import java.util.Optional;

/** The {@code xmpp} section: where the server's component port is, which components to run, and server-to-server settings. */
public record XmppConfig(String host, int port, boolean failFast, int maxStanzaSize, int keepaliveSeconds,
                         int pingIntervalSeconds, List<ComponentConfig> components, S2sConfig s2s,
                         int deliveryCheckSeconds) {

    public XmppConfig {
        components = List.copyOf(components);
    }

    /** True when at least one domain federates over server-to-server streams. */
    public boolean anyS2s() {
        return components.stream().anyMatch(ComponentConfig::s2s);
    }

    public Optional<ComponentConfig> component(String network) {
        return components.stream().filter(c -> c.network().equals(network)).findFirst();
    }
}
