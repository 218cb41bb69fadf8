package dev.ferry.bridge.runtime;

import dev.ferry.bridge.config.ComponentConfig;
import dev.ferry.bridge.config.FerryConfig;
import dev.ferry.bridge.config.S2sConfig;
import dev.ferry.bridge.s2s.S2sDomainCredentials;
import dev.ferry.bridge.s2s.S2sServer;
import dev.ferry.bridge.s2s.S2sSettings;
import dev.ferry.mappings.store.OutboxRepository;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;

/** Builds the server-to-server side from the validated config. */
final class S2sRuntime {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private S2sRuntime() {
    }

    static S2sServer server(FerryConfig config, EventLoopGroup io, OutboxRepository outbox, Executor drain) throws Exception {
        S2sConfig s = config.xmpp().s2s();
        Map<String, S2sDomainCredentials> domains = new LinkedHashMap<>();
        for (ComponentConfig c : config.xmpp().components()) {
            if (c.s2s()) {
                domains.put(c.domain(), new S2sDomainCredentials(Path.of(c.certificate()), Path.of(c.privateKey())));
            }
        }
        Map<String, InetSocketAddress> hosts = new LinkedHashMap<>();
        for (String entry : s.hosts()) {
            int eq = entry.indexOf('=');
            int colon = entry.lastIndexOf(':');
            String host = entry.substring(eq + 1, colon).replace("[", "").replace("]", "");
            hosts.put(entry.substring(0, eq).trim().toLowerCase(Locale.ROOT),
                    InetSocketAddress.createUnresolved(host, Integer.parseInt(entry.substring(colon + 1))));
        }
        InetSocketAddress listen = resolved(s.listen().orElseThrow(() ->
                new IllegalArgumentException("xmpp.s2s.listen is empty, but a domain is in s2s mode")));
        S2sSettings settings = new S2sSettings(listen, domains,
                s.trustStore().isBlank() ? Optional.empty() : Optional.of(Path.of(s.trustStore())),
                Path.of(s.dialbackSecretFile()), hosts, s.dnsServer().map(S2sRuntime::resolved), s.requireTls(),
                Duration.ofSeconds(s.idleTimeoutSeconds()), Duration.ofSeconds(s.bounceAfterSeconds()), CONNECT_TIMEOUT,
                config.xmpp().maxStanzaSize(), s.maxConnectionsPerPeer());
        return new S2sServer(settings, io, outbox, drain);
    }

    private static InetSocketAddress resolved(InetSocketAddress a) {
        return a.isUnresolved() ? new InetSocketAddress(a.getHostString(), a.getPort()) : a;
    }
}
