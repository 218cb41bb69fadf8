package dev.ferry.bridge.runtime;

import dev.ferry.bridge.xmpp.ComponentGateway;
import java.util.Collection;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smackx.ping.packet.Ping;
import org.jxmpp.jid.impl.JidCreate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * XEP-0199 pings from each component to itself through the server: the round trip proves the
 * server still routes to us, which a TCP keepalive cannot. A missed answer is logged and counted;
 * the link's own failure detection handles a dead socket.
 */
final class ServerPinger {

    private static final Logger LOG = LoggerFactory.getLogger(ServerPinger.class);

    private final Collection<ComponentGateway> gateways;
    private final ScheduledExecutorService timer;
    private final io.micrometer.core.instrument.MeterRegistry metrics;

    ServerPinger(Collection<ComponentGateway> gateways, ScheduledExecutorService timer,
                 io.micrometer.core.instrument.MeterRegistry metrics) {
        this.gateways = gateways;
        this.timer = timer;
        this.metrics = metrics;
    }

    void start(int intervalSeconds) {
        if (intervalSeconds > 0) {
            timer.scheduleWithFixedDelay(this::pingAll, intervalSeconds, intervalSeconds, TimeUnit.SECONDS);
        }
    }

    private void pingAll() {
        for (ComponentGateway g : gateways) {
            if (g.link() == null || !g.link().isUp()) { // a server-to-server domain has no server of its own to ping
                continue;
            }
            Ping ping = new Ping(JidCreate.domainBareFromOrThrowUnchecked(g.domain()));
            ping.setFrom(JidCreate.domainBareFromOrThrowUnchecked(g.domain()));
            long start = System.nanoTime();
            g.request(ping, 30_000).whenComplete((IQ r, Throwable e) -> {
                if (e != null) {
                    metrics.counter("ferry.ping.missed", "domain", g.domain()).increment();
                    LOG.warn("component {}: no answer to a ping through the server within 30 s", g.domain());
                } else {
                    metrics.timer("ferry.ping.rtt", "domain", g.domain())
                            .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                }
            });
        }
    }
}
