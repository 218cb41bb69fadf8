package dev.ferry.bridge.s2s;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How the server-to-server layer runs, from the {@code xmpp.s2s} section and the domains in s2s mode.
 *
 * @param domains        each local domain in s2s mode with its certificate and key
 * @param hosts          static routes tried before DNS
 * @param dnsServer      DNS server for SRV/A/AAAA; empty: the system's
 */
public record S2sSettings(InetSocketAddress listen, Map<String, S2sDomainCredentials> domains, Optional<Path> trustStore,
                          Path dialbackSecretFile, Map<String, InetSocketAddress> hosts, Optional<InetSocketAddress> dnsServer,
                          boolean requireTls, Duration idleTimeout, Duration bounceAfter, Duration connectTimeout,
                          int maxStanzaBytes, int maxConnectionsPerPeer) {

    public S2sSettings {
        domains = Map.copyOf(domains);
        hosts = Map.copyOf(hosts);
    }
}
