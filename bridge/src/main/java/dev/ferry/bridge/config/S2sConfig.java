package dev.ferry.bridge.config;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

/**
 * The {@code xmpp.s2s} section, used by the domains in {@code s2s} mode: where Ferry listens for
 * other servers, how it finds and trusts them, and its limits.
 *
 * @param hosts static overrides, each {@code domain=host:port}, tried before DNS
 */
public record S2sConfig(Optional<InetSocketAddress> listen, boolean requireTls, String trustStore,
                        String dialbackSecretFile, List<String> hosts, Optional<InetSocketAddress> dnsServer,
                        int idleTimeoutSeconds, int bounceAfterSeconds, int maxConnectionsPerPeer) {

    public S2sConfig {
        hosts = List.copyOf(hosts);
    }
}
