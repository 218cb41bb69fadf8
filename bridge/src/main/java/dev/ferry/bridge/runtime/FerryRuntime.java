package dev.ferry.bridge.runtime;

import dev.ferry.bridge.camel.ConnectorDirectory;
import dev.ferry.bridge.camel.GatewayDirectory;
import dev.ferry.bridge.config.ComponentConfig;
import dev.ferry.bridge.config.FerryConfig;
import dev.ferry.bridge.service.DiscoInfoHandler;
import dev.ferry.bridge.service.DiscoItemsHandler;
import dev.ferry.bridge.service.GatewayProfile;
import dev.ferry.bridge.service.IqDispatcher;
import dev.ferry.bridge.service.PingHandler;
import dev.ferry.bridge.service.TimeHandler;
import dev.ferry.bridge.service.VersionHandler;
import dev.ferry.bridge.service.mam.MamHandler;
import dev.ferry.bridge.stream.ComponentLink;
import dev.ferry.bridge.stream.ComponentLinkSettings;
import dev.ferry.bridge.stream.StanzaLink;
import dev.ferry.bridge.s2s.S2sServer;
import dev.ferry.bridge.xmpp.ComponentGateway;
import dev.ferry.bridge.xmpp.GatewayMetrics;
import dev.ferry.bridge.xmpp.OutboxSender;
import dev.ferry.mappings.store.Store;
import dev.ferry.spi.Connector;
import dev.ferry.spi.ConnectorContext;
import dev.ferry.spi.Registrations;
import dev.ferry.spi.RoomDirectory;
import dev.ferry.bridge.service.RegisterHandler;
import dev.ferry.bridge.service.AdHocCommandsHandler;
import dev.ferry.bridge.service.AdminCommand;
import dev.ferry.bridge.service.ConfigureCommandHandler;
import dev.ferry.spi.AdminCommands;
import java.util.Optional;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Ferry: the store, one gateway per configured component, the connectors, the Camel
 * context with the routes, pings, and the health endpoint. Built from a validated config.
 */
public final class FerryRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FerryRuntime.class);
    /**
     * How long a graceful stop waits, all links together, for the XMPP server to confirm the
     * stanzas written to it; a server far behind gets this long, then the rest waits for the next run.
     */
    static final Duration STOP_SETTLE = Duration.ofSeconds(5);

    private final FerryConfig config;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final GatewayDirectory gateways = new GatewayDirectory();
    private final ConnectorDirectory connectors = new ConnectorDirectory();
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<ComponentLink> links = new ArrayList<>();
    /** Each gateway's XEP-0050 commands: made with the gateway, filled once its connector runs. */
    private final java.util.Map<String, AdHocCommandsHandler> commandsOf = new java.util.HashMap<>();
    private Store store;
    private Main camel;
    private HealthServer health;
    private S2sServer s2s;

    public FerryRuntime(FerryConfig config) {
        this.config = config;
    }

    public FerryRuntime start() throws Exception {
        store = Store.open(config.store().toSettings());
        closeables.add(store);
        EventLoopGroup io = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        closeables.add(() -> io.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly());
        ExecutorService outboxDrain = Executors.newCachedThreadPool(daemon("ferry-outbox"));
        closeables.add(outboxDrain::shutdownNow);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon("ferry-timer"));
        closeables.add(timer::shutdownNow);
        closeables.add(JvmMetrics.bindTo(metrics));
        GatewayMetrics gatewayMetrics = new GatewayMetrics(metrics);
        Gauge.builder("ferry.outbox.depth", store.outbox(), o -> o.depth()).register(metrics);

        // Domains in s2s mode federate on their own; only their stream layer differs (S2sRuntime).
        S2sServer s2s = config.xmpp().anyS2s() ? S2sRuntime.server(config, io, store.outbox(), outboxDrain) : null;
        if (s2s != null) {
            closeables.add(s2s);
            for (String[] c : new String[][] {{"in", "EXTERNAL"}, {"in", "dialback"}, {"out", "EXTERNAL"}, {"out", "dialback"},
                    {"bounced", "remote-server-not-found"}, {"bounced", "remote-server-timeout"}}) {
                FunctionCounter.builder(c[0].equals("bounced") ? "ferry.s2s.bounced" : "ferry.s2s.authenticated", s2s,
                                server -> server.authentications(c[0], c[1]))
                        .tags(c[0].equals("bounced") ? new String[] {"condition", c[1]} : new String[] {"direction", c[0], "mechanism", c[1]})
                        .register(metrics);
            }
        }
        for (ComponentConfig c : config.xmpp().components()) {
            ExecutorService work = Executors.newSingleThreadExecutor(daemon("ferry-" + c.network()));
            closeables.add(work::shutdownNow);
            ComponentGateway gateway = gateway(c, work, gatewayMetrics);
            // MAM answers with several stanzas, so it is wired once the gateway can send them.
            gateway.iqs().register(new MamHandler(store.archive(), c.network(), gateway::send));
            if (c.s2s()) {
                StanzaLink link = s2s.domainLink(c.domain(), gateway::stanzaArrived);
                gateway.attach(link, new OutboxSender(c.domain(), link, store.outbox(), outboxDrain));
                gateways.add(gateway);
                continue;
            }
            ComponentLink link = new ComponentLink(linkSettings(c), io, gateway);
            int checkSeconds = config.xmpp().deliveryCheckSeconds();
            OutboxSender sender = checkSeconds == 0 ? new OutboxSender(c.domain(), link, store.outbox(), outboxDrain)
                    : new OutboxSender(c.domain(), link, store.outbox(), outboxDrain,
                            () -> gateway.deliveryCheck(Duration.ofSeconds(checkSeconds)), gateway::messagesInDoubt);
            gateway.attach(link, sender);
            Gauge.builder("ferry.link.unconfirmed", sender, OutboxSender::unconfirmed).tag("domain", c.domain())
                    .description("stanzas written to the server and not yet confirmed by a delivery check").register(metrics);
            FunctionCounter.builder("ferry.link.resent", sender, OutboxSender::resent).tag("domain", c.domain())
                    .description("presences and errors written again because their connection dropped before the server confirmed them")
                    .register(metrics);
            FunctionCounter.builder("ferry.link.in.doubt", sender, OutboxSender::doubted).tag("domain", c.domain())
                    .description("messages whose connection dropped before the server confirmed them; their senders were told")
                    .register(metrics);
            gateways.add(gateway);
            links.add(link);
            FunctionCounter.builder("ferry.link.reconnects", link, ComponentLink::reconnects)
                    .tag("domain", c.domain()).register(metrics);
            Gauge.builder("ferry.link.up", link, l -> l.isUp() ? 1 : 0).tag("domain", c.domain()).register(metrics);
        }
        gateways.all().forEach(g -> g.setSiblings(gateways::byDomain));
        // Closed in reverse: connectors first, while routes and links still carry their last words
        // (a mirror bot's unavailable presence), then the routes, then the links. Around the links'
        // close, the senders hand over what they still have: the server gets STOP_SETTLE to confirm
        // what was written, and what it did not is kept in the outbox for the next run.
        closeables.add(() -> gateways.all().forEach(g -> g.outbox().keepForNextRun()));
        closeables.add(() -> links.forEach(ComponentLink::close));
        closeables.add(() -> {
            long end = System.nanoTime() + STOP_SETTLE.toNanos();
            for (ComponentGateway g : gateways.all()) {
                g.outbox().awaitSettled(Duration.ofNanos(end - System.nanoTime()));
            }
        });
        // Routes before connectors: a connector may produce events as soon as it starts (a mirror bot joins its room).
        startCamel();
        startConnectors();
        // Settings are offered where the network's connector takes them (IRC: per server and channel),
        // as XEP-0077 registration and as the XEP-0050 configure command.
        // Admins (config `admins`) get the connector's admin commands on the gateway domain.
        for (ComponentGateway g : gateways.all()) {
            AdHocCommandsHandler commands = commandsOf.get(g.domain());
            if (registrations(g.network()).isPresent()) {
                g.iqs().register(new RegisterHandler(() -> registrations(g.network())));
                commands.add(new ConfigureCommandHandler(() -> registrations(g.network())));
            }
            connectors.connector(g.network()).filter(AdminCommands.class::isInstance).map(AdminCommands.class::cast)
                    .ifPresent(admin -> admin.adminCommands().forEach(c ->
                            commands.add(new AdminCommand(admin, c, java.util.Set.copyOf(config.admins())))));
            g.iqs().register(commands);
        }
        // Links start last, so the first stanza finds its route already running.
        links.forEach(ComponentLink::start);
        if (s2s != null) {
            s2s.start();
            gateways.all().stream().filter(g -> g.link() == null).forEach(ComponentGateway::linkUp);
        }
        this.s2s = s2s;
        new ServerPinger(gateways.all(), timer, metrics).start(config.xmpp().pingIntervalSeconds());
        if (config.httpListen().isPresent()) {
            health = new HealthServer(config.httpListen().get(), this::healthReport, metrics);
            closeables.add(health);
            LOG.info("health and metrics on http://{}:{}/health", health.address().getHostString(), health.address().getPort());
        }
        return this;
    }

    /** Completes when every link has been accepted once; fails when one was refused for good (fail-fast). */
    public CompletableFuture<Void> firstConnect() {
        return CompletableFuture.allOf(links.stream().map(ComponentLink::firstConnect).toArray(CompletableFuture[]::new));
    }

    private ComponentGateway gateway(ComponentConfig c, ExecutorService work, GatewayMetrics gatewayMetrics) {
        GatewayProfile profile = GatewayProfile.forNetwork(c.network(), c.domain());
        AdHocCommandsHandler commands = new AdHocCommandsHandler();
        commandsOf.put(c.domain(), commands);
        IqDispatcher iqs = new IqDispatcher(List.of(new DiscoItemsHandler(
                        () -> connectors.connector(c.network()).filter(RoomDirectory.class::isInstance).map(RoomDirectory.class::cast),
                        commands), new PingHandler(),
                new VersionHandler(version()), new TimeHandler(Clock.systemUTC())));
        Object fixedSetting = config.network(c.network()).get("fixed-server");
        String fixed = fixedSetting == null || fixedSetting.toString().isBlank() ? null : fixedSetting.toString().trim();
        iqs.register(new DiscoInfoHandler(profile, () -> java.util.stream.Stream.of(iqs.features(), profile.features(),
                        List.of(org.jivesoftware.smackx.disco.packet.DiscoverInfo.NAMESPACE))
                .flatMap(List::stream).distinct().sorted().toList(), NetworkEntities.forNetwork(c.network(), fixed)));
        return new ComponentGateway(profile, iqs, NetworkAddressCheck.forNetwork(c.network(), fixed), work, gatewayMetrics);
    }

    private Optional<Registrations> registrations(String network) {
        return connectors.connector(network).filter(Registrations.class::isInstance).map(Registrations.class::cast);
    }

    private ComponentLinkSettings linkSettings(ComponentConfig c) {
        ComponentLinkSettings d = ComponentLinkSettings.of(c.domain(), config.xmpp().host(), config.xmpp().port(), c.secret());
        return new ComponentLinkSettings(c.domain(), config.xmpp().host(), config.xmpp().port(), c.secret(),
                config.xmpp().maxStanzaSize(), Duration.ofSeconds(config.xmpp().keepaliveSeconds()),
                d.initialBackoff(), d.maxBackoff(), d.connectTimeout(), config.xmpp().failFast());
    }

    private void startConnectors() throws Exception {
        for (Connector connector : ServiceLoader.load(Connector.class)) {
            var component = config.xmpp().component(connector.network());
            if (component.isEmpty()) {
                continue;
            }
            String domain = component.get().domain();
            // Files a network sends (mail attachments) go to the XMPP server's XEP-0363 service, found by disco.
            dev.ferry.spi.FileUploads uploads = gateways.byDomain(domain)
                    .<dev.ferry.spi.FileUploads>map(g -> new dev.ferry.bridge.xmpp.HttpUploadClient(g, domain,
                            dev.ferry.bridge.xmpp.HttpUploadClient.serverDomainOf(domain)))
                    .orElse(dev.ferry.spi.FileUploads.NONE);
            connector.start(new ConnectorContext(domain, config.network(connector.network()), store, uploads),
                    connectors.sinkFor(connector.network()));
            connectors.add(connector);
            closeables.add(connector);
            LOG.info("{} connector started", connector.network());
        }
    }

    private void startCamel() throws Exception {
        camel = new Main();
        camel.bind(GatewayDirectory.NAME, gateways);
        camel.bind(ConnectorDirectory.NAME, connectors);
        for (String network : dev.ferry.bridge.config.ConfigSchema.NETWORKS) {
            var c = config.xmpp().component(network);
            camel.addInitialProperty("ferry." + network + ".enabled", Boolean.toString(c.isPresent()));
            camel.addInitialProperty("ferry." + network + ".domain", c.map(ComponentConfig::domain).orElse(network + ".disabled"));
        }
        camel.configure().withName("ferry").withRoutesIncludePattern(RouteSources.includePattern(config.routes()))
                .withJmxEnabled(false);
        camel.start();
        closeables.add(camel::stop);
    }

    /** The server-to-server side, when a domain is in s2s mode. */
    public Optional<S2sServer> s2s() {
        return Optional.ofNullable(s2s);
    }

    public CamelContext camelContext() {
        return camel.getCamelContext();
    }

    public Store store() {
        return store;
    }

    public GatewayDirectory gateways() {
        return gateways;
    }

    public ConnectorDirectory connectors() {
        return connectors;
    }

    public PrometheusMeterRegistry metrics() {
        return metrics;
    }

    public HealthReport healthReport() {
        Map<String, Boolean> up = new LinkedHashMap<>();
        links.forEach(l -> up.put(l.domain(), l.isUp()));
        gateways.all().stream().filter(g -> g.link() == null).forEach(g -> up.put(g.domain(), g.stanzaLink().isUp()));
        boolean storeUp;
        long depth = -1;
        try {
            depth = store.outbox().depth();
            storeUp = true;
        } catch (RuntimeException e) {
            storeUp = false;
        }
        return new HealthReport(up, storeUp, depth);
    }

    static String version() {
        String v = FerryRuntime.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception e) {
                LOG.warn("while stopping: {}", e.toString());
            }
        }
        closeables.clear();
    }
}
