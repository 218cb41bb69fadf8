package dev.ferry.irc.gateway;

import dev.ferry.mappings.store.ArchiveRepository;
import dev.ferry.spi.Address;
import dev.ferry.spi.Connector;
import dev.ferry.spi.ConnectorContext;
import dev.ferry.spi.EventSink;
import dev.ferry.spi.Session;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Ferry's IRC network: every XMPP user on IRC as themselves (one puppet connection per user per
 * server), IRC channels as MUC rooms. Registered with {@link java.util.ServiceLoader}.
 */
public final class IrcConnector implements Connector {

    private final Map<Address, IrcUserSession> sessions = new ConcurrentHashMap<>();
    private IrcGatewaySettings settings;
    private EventLoopGroup group;
    private ExecutorService emitterThread;
    private EventEmitter emitter;
    private String domain;
    private ArchiveRepository archive;

    @Override
    public String network() {
        return "irc";
    }

    @Override
    public void start(ConnectorContext context, EventSink inbound) {
        settings = IrcGatewaySettings.from(context.settings());
        domain = context.componentDomain();
        archive = context.store().archive();
        group = new MultiThreadIoEventLoopGroup(Math.max(1, Runtime.getRuntime().availableProcessors()), NioIoHandler.newFactory());
        emitterThread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ferry-irc-events");
            t.setDaemon(true);
            return t;
        });
        emitter = new EventEmitter(inbound, emitterThread);
    }

    @Override
    public Session open(Address user) {
        return sessions.computeIfAbsent(user.bare(), u -> new IrcUserSession(u, domain, settings, group, emitter, archive));
    }

    @Override
    public void close() {
        sessions.values().forEach(IrcUserSession::close);
        sessions.clear();
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        }
        if (emitterThread != null) {
            emitterThread.shutdown();
        }
    }
}
