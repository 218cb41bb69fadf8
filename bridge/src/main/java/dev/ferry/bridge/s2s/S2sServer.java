package dev.ferry.bridge.s2s;

import dev.ferry.bridge.service.IqErrors;
import dev.ferry.bridge.stream.StanzaLink;
import dev.ferry.bridge.stream.StreamFraming;
import dev.ferry.bridge.xmpp.StanzaCodec;
import dev.ferry.bridge.xmpp.StanzaErrors;
import dev.ferry.mappings.store.OutboxRepository;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.packet.StanzaError.Condition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ferry's server-to-server side: listens for other servers, keeps one {@link RemoteRoute} per
 * (local domain, remote domain), connects out (also to verify dialback keys), and hands stanzas
 * for a local domain to its gateway.
 */
public final class S2sServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(S2sServer.class);

    private final S2sSettings settings;
    private final EventLoopGroup group;
    private final OutboxRepository outbox;
    private final Executor drain;
    private final S2sTls tls;
    private final DialbackKeys keys;
    private final S2sResolver resolver;
    private final ScheduledExecutorService blocking;
    private final Map<String, Consumer<String>> domains = new ConcurrentHashMap<>();
    private final Map<String, RemoteRoute> routes = new ConcurrentHashMap<>();
    private final Map<InetAddress, AtomicInteger> connectionsByPeer = new ConcurrentHashMap<>();
    private final Map<String, java.util.concurrent.atomic.AtomicLong> authentications = new ConcurrentHashMap<>();
    private volatile Channel listener;

    public S2sServer(S2sSettings settings, EventLoopGroup group, OutboxRepository outbox, Executor drain)
            throws IOException, GeneralSecurityException {
        this.settings = settings;
        this.group = group;
        this.outbox = outbox;
        this.drain = drain;
        this.tls = new S2sTls(settings.domains(), settings.trustStore());
        this.keys = new DialbackKeys(DialbackSecret.loadOrCreate(settings.dialbackSecretFile()));
        this.resolver = new S2sResolver(settings.hosts(), settings.dnsServer());
        this.blocking = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "ferry-s2s-connect");
            t.setDaemon(true);
            return t;
        });
    }

    /** The link a gateway sends through; {@code inbound} takes the stanzas other servers send to {@code domain}. */
    public StanzaLink domainLink(String domain, Consumer<String> inbound) {
        if (!settings.domains().containsKey(domain)) {
            throw new IllegalArgumentException(domain + " has no certificate in the s2s settings");
        }
        domains.put(domain, inbound);
        return new S2sDomainLink(this, domain);
    }

    /** Binds the listener; stanzas flow once this returns. */
    public void start() throws InterruptedException {
        ChannelFuture bound = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("peer-limit", new PeerLimit());
                        ch.pipeline().addLast("idle", new IdleStateHandler(0, 0, settings.idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
                        ch.pipeline().addLast("xml-decoder", StreamFraming.newDecoder(settings.maxStanzaBytes()));
                        ch.pipeline().addLast("stream-encoder", StreamFraming.newEncoder());
                        ch.pipeline().addLast("s2s-in", new InboundStreamHandler(S2sServer.this));
                    }
                }).bind(settings.listen()).sync();
        listener = bound.channel();
        LOG.info("s2s: listening on {} for {}", listener.localAddress(), domains.keySet());
        // Stanzas that waited for a remote domain when Ferry stopped are still in the outbox.
        for (String local : domains.keySet()) {
            String prefix = RemoteRoute.outboxKey(local, "");
            for (String key : outbox.links(prefix)) {
                String remote = key.substring(prefix.length());
                LOG.info("s2s {} -> {}: {} stanzas waiting from before the restart", local, remote, outbox.depth(key));
                route(local, remote).resume();
            }
        }
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) listener.localAddress();
    }

    boolean isRunning() {
        Channel l = listener;
        return l != null && l.isActive();
    }

    S2sSettings settings() {
        return settings;
    }

    S2sTls tls() {
        return tls;
    }

    DialbackKeys keys() {
        return keys;
    }

    /**
     * Streams authenticated so far; direction {@code in}/{@code out}, mechanism {@code EXTERNAL}/{@code dialback}.
     * Also counts bounces: direction {@code bounced}, mechanism the error condition.
     */
    public long authentications(String direction, String mechanism) {
        var n = authentications.get(direction + "/" + mechanism);
        return n == null ? 0 : n.get();
    }

    /** Why the last attempt to reach {@code remote} for {@code local} failed; empty when none did (or none was made). */
    public String lastFailure(String local, String remote) {
        RemoteRoute r = routes.get(local + ">" + remote);
        return r == null ? "" : r.lastFailure();
    }

    /** True while an authenticated outgoing stream from {@code local} to {@code remote} is open. */
    public boolean isUp(String local, String remote) {
        RemoteRoute r = routes.get(local + ">" + remote);
        return r != null && r.isUp();
    }

    /** Stanzas from {@code local} waiting in the outbox for {@code remote}. */
    public long waiting(String local, String remote) {
        return outbox.depth(RemoteRoute.outboxKey(local, remote));
    }

    void authenticated(String direction, String mechanism) {
        authentications.computeIfAbsent(direction + "/" + mechanism, k -> new java.util.concurrent.atomic.AtomicLong()).incrementAndGet();
    }

    boolean serves(String domain) {
        return domains.containsKey(domain);
    }

    void deliver(String domain, String stanzaXml) {
        Consumer<String> gateway = domains.get(domain);
        if (gateway != null) {
            gateway.accept(stanzaXml);
        }
    }

    RemoteRoute route(String local, String remote) {
        return routes.computeIfAbsent(local + ">" + remote, k -> new RemoteRoute(this, local, remote, outbox, drain));
    }

    void schedule(Runnable task, Duration delay) {
        blocking.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Asks {@code remote}'s authoritative server whether it gave {@code key} for our stream {@code streamId}. */
    CompletableFuture<Boolean> verifyDialback(String local, String remote, String streamId, String key) {
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        blocking.execute(() -> connect(local, remote, new OutboundStreamHandler.Verification(streamId, key),
                new OutboundStreamHandler.Outcome() {
                    @Override
                    public void ready(Channel channel) {
                        channel.close(); // verification streams never carry stanzas
                    }

                    @Override
                    public void verified(boolean valid) {
                        answer.complete(valid);
                    }

                    @Override
                    public void failed(String reason) {
                        answer.completeExceptionally(new IOException(reason));
                    }
                }, (reason, notFound) -> answer.completeExceptionally(new IOException(reason))));
        answer.orTimeout(settings.connectTimeout().toMillis() * 3, TimeUnit.MILLISECONDS);
        return answer;
    }

    /** Unreachable: resolving or every target failed. */
    interface Unreachable {
        void failed(String reason, boolean notFound);
    }

    /** Resolves {@code remote} and tries its targets in order; blocking, so never on the event loop. */
    void connect(String local, String remote, OutboundStreamHandler.Verification verification,
                 OutboundStreamHandler.Outcome outcome, Unreachable unreachable) {
        List<S2sResolver.Target> targets;
        try {
            targets = resolver.resolve(remote);
        } catch (S2sResolver.NotFound e) {
            unreachable.failed(e.getMessage(), true);
            return;
        } catch (IOException e) {
            unreachable.failed("DNS lookup for " + remote + " failed: " + e.getMessage(), false);
            return;
        }
        tryTarget(local, remote, targets, 0, "", verification, outcome, unreachable);
    }

    private void tryTarget(String local, String remote, List<S2sResolver.Target> targets, int index, String lastReason,
                           OutboundStreamHandler.Verification verification, OutboundStreamHandler.Outcome outcome,
                           Unreachable unreachable) {
        if (index >= targets.size()) {
            unreachable.failed(lastReason, false);
            return;
        }
        S2sResolver.Target target = targets.get(index);
        OutboundStreamHandler.Outcome perTarget = new OutboundStreamHandler.Outcome() {
            @Override
            public void ready(Channel channel) {
                outcome.ready(channel);
            }

            @Override
            public void verified(boolean valid) {
                outcome.verified(valid);
            }

            @Override
            public void failed(String reason) {
                blocking.execute(() -> tryTarget(local, remote, targets, index + 1, reason, verification, outcome, unreachable));
            }

            @Override
            public void closed(Channel channel) {
                outcome.closed(channel);
            }
        };
        new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeout().toMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (target.directTls()) {
                            ch.pipeline().addLast("tls", tls.client(local).newHandler(ch.alloc(), remote, target.address().getPort()));
                        }
                        ch.pipeline().addLast("idle", new IdleStateHandler(0, 0, settings.idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
                        ch.pipeline().addLast("xml-decoder", StreamFraming.newDecoder(settings.maxStanzaBytes()));
                        ch.pipeline().addLast("stream-encoder", StreamFraming.newEncoder());
                        ch.pipeline().addLast("s2s-out", new OutboundStreamHandler(S2sServer.this, local, remote, target.address(),
                                target.directTls(), verification, perTarget));
                    }
                }).connect(target.address()).addListener((ChannelFuture f) -> {
                    if (!f.isSuccess()) {
                        perTarget.failed("connecting to " + remote + " at " + target.address() + ": " + f.cause().getMessage());
                    }
                });
    }

    /**
     * Answers a stanza we could not deliver as if the remote server had: the error goes to the
     * gateway of its sender, which tells the network (a message) or completes the request (an IQ).
     */
    void bounce(String local, String stanzaXml, Condition condition, String text) {
        Stanza stanza;
        try {
            stanza = new StanzaCodec().parse(Jids.withComponentNamespace(stanzaXml));
        } catch (Exception e) {
            LOG.error("s2s {}: could not read a stanza to bounce ({}); dropping it: {}", local, e.getMessage(), stanzaXml);
            return;
        }
        if (!StanzaErrors.isAnswerable(stanza) || (stanza instanceof IQ iq && iq.getType() != IQ.Type.get && iq.getType() != IQ.Type.set)) {
            LOG.warn("s2s {}: dropped undeliverable {} to {} (errors and results are never answered): {}", local,
                    stanza.getClass().getSimpleName(), stanza.getTo(), text);
            return;
        }
        Stanza error = stanza instanceof IQ iq ? IqErrors.error(iq, condition, text) : StanzaErrors.reply(stanza, condition, text);
        LOG.info("s2s {}: bounced a stanza for {} with {}", local, stanza.getTo(), condition);
        authenticated("bounced", condition.toString());
        deliver(local, Jids.withComponentNamespace(new StanzaCodec().serialize(error)));
    }

    @Override
    public void close() {
        routes.values().forEach(RemoteRoute::close);
        Channel l = listener;
        if (l != null) {
            l.close().syncUninterruptibly();
        }
        blocking.shutdownNow();
    }

    /** At most {@code maxConnectionsPerPeer} incoming connections from one address at once. */
    @ChannelHandler.Sharable
    private final class PeerLimit extends ChannelInboundHandlerAdapter {

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            InetAddress peer = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
            int count = connectionsByPeer.computeIfAbsent(peer, p -> new AtomicInteger()).incrementAndGet();
            ctx.channel().closeFuture().addListener(f -> connectionsByPeer.computeIfPresent(peer,
                    (p, c) -> c.decrementAndGet() <= 0 ? null : c));
            if (count > settings.maxConnectionsPerPeer()) {
                LOG.warn("s2s: refused a connection from {}: already {} open (xmpp.s2s.max-connections-per-peer)",
                        peer.getHostAddress(), count - 1);
                ctx.close();
                return;
            }
            super.channelActive(ctx);
        }
    }
}
