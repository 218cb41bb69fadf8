package dev.ferry.bridge.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole configuration, validated. {@code networks} holds the raw {@code irc}/{@code sip}/{@code mail}
 * sections, which each connector validates for itself.
 */
public record FerryConfig(XmppConfig xmpp, StoreConfig store, Optional<InetSocketAddress> httpListen,
                          List<String> admins, Optional<Path> routes, Map<String, Map<String, Object>> networks) {

    public FerryConfig {
        admins = List.copyOf(admins);
        networks = Map.copyOf(networks);
    }

    public Map<String, Object> network(String name) {
        return networks.getOrDefault(name, Map.of());
    }
}
