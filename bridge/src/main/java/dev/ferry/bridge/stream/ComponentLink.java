package dev.ferry.bridge.stream;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One XEP-0114 component connection to the XMPP server, kept up for as long as the link is open:
 * connects, handshakes, hands received stanzas to the {@link ComponentLinkListener}, and after any
 * failure reconnects with exponential backoff (unless the failure is fatal, see
 * {@link ComponentLinkSettings#failFast()}).
 *
 * <p>All of a link's connections and timers live on one event loop taken from the given group, so
 * its state needs no locks; {@link #send}, {@link #isUp} and {@link #close} may be called from any
 * thread. Listener callbacks run on that event loop. The group must support NIO socket channels.
 */
public final class ComponentLink implements StanzaLink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ComponentLink.class);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final ComponentLinkSettings settings;
    private final EventLoop loop;
    private final ComponentLinkListener listener;
    private final FailureClassifier failures;
    private final Bootstrap bootstrap;
    private final dev.ferry.spi.Backoff backoff;

    private final CompletableFuture<Void> firstConnect = new CompletableFuture<>();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicLong reconnects = new AtomicLong();
    /** Accepted handshakes so far: names the current connection for {@link #dropConnection}. */
    private final AtomicLong connections = new AtomicLong();

    /** The current connection, connecting or connected; null while waiting to retry. Written on the loop only. */
    private volatile Channel channel;
    /** True between handshake acceptance and the connection going down. */
    private volatile boolean up;
    /** When the current connection last brought a stanza (System.nanoTime). */
    private volatile long lastStanzaNanos;
    private volatile boolean closed;
    /** Loop-confined. */
    private ScheduledFuture<?> pendingRetry;
    private boolean stopReported;

    public ComponentLink(ComponentLinkSettings settings, EventLoopGroup group, ComponentLinkListener listener) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.loop = Objects.requireNonNull(group, "group").next();
        this.listener = Objects.requireNonNull(listener, "listener");
        this.failures = new FailureClassifier(settings);
        this.backoff = new dev.ferry.spi.Backoff(settings.initialBackoff(), settings.maxBackoff());
        this.bootstrap = new Bootstrap()
                .group(loop)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis()))
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .remoteAddress(settings.host(), settings.port())
                .handler(new ComponentLinkInitializer(settings, new Lifecycle(), failures));
    }

    /** Connects asynchronously and keeps reconnecting until closed or a fatal failure. Idempotent. */
    public void start() {
        if (closed) {
            throw new IllegalStateException("component " + settings.domain() + ": link already closed");
        }
        if (started.compareAndSet(false, true)) {
            loop.execute(this::connect);
        }
    }

    /**
     * Completes at the first accepted handshake; completes exceptionally with a {@link LinkFailedException}
     * (message: {@link LinkFailure#humanMessage()}) when a fatal failure or {@link #close()} stops the link first.
     */
    public CompletableFuture<Void> firstConnect() {
        return firstConnect.copy();
    }

    /**
     * Writes and flushes one stanza if the link is up and handshaken. Returns false otherwise: the
     * caller keeps the stanza (in its persistent outbox) and retries after {@code onConnected}.
     * True means handed to the socket, not delivered; use {@link #sendAndConfirm} to learn the write's outcome.
     */
    @Override
    public boolean send(CharSequence stanzaXml) {
        Channel current = usableChannel();
        if (current == null) {
            return false;
        }
        current.writeAndFlush(stanzaXml.toString()).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
        return true;
    }

    /** Like {@link #send}, but completes when the bytes were written to the socket, exceptionally if the link is down or the write failed. */
    @Override
    public CompletableFuture<Void> sendAndConfirm(CharSequence stanzaXml) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        Channel current = usableChannel();
        if (current == null) {
            written.completeExceptionally(new IllegalStateException("component " + settings.domain() + ": link is down"));
            return written;
        }
        current.writeAndFlush(stanzaXml.toString()).addListener((ChannelFuture f) -> {
            if (f.isSuccess()) {
                written.complete(null);
            } else {
                written.completeExceptionally(f.cause());
                f.channel().pipeline().fireExceptionCaught(f.cause());
            }
        });
        return written;
    }

    @Override
    public boolean isUp() {
        return up;
    }

    @Override
    public String domain() {
        return settings.domain();
    }

    /** How long ago the server last sent a stanza on the current connection: a busy server still talks, a stalled path does not. */
    public long millisSinceLastStanza() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastStanzaNanos);
    }

    /** Numbers the connections that were accepted; the current one has the highest number. */
    public long connectionNumber() {
        return connections.get();
    }

    /**
     * Drops connection number {@code number} if it is still the current one, reporting
     * {@link LinkFailure.Kind#UNRESPONSIVE} with {@code detail}; the link reconnects as after any
     * failure. For a connection that takes writes but no longer answers (a stalled network path),
     * which neither TCP nor the whitespace keepalive notices.
     */
    public void dropConnection(long number, String detail) {
        loop.execute(() -> {
            Channel current = channel;
            if (current == null || closed || number != connections.get()) {
                return;
            }
            LinkAttributes.recordFailure(current, failures.of(LinkFailure.Kind.UNRESPONSIVE, detail));
            current.close();
        });
    }

    /** Connection attempts after the first one, for metrics. */
    public long reconnects() {
        return reconnects.get();
    }

    /**
     * Sends {@code </stream:stream>}, closes the connection, stops reconnecting and reports
     * {@link LinkFailure.Kind#SHUTDOWN}. Waits a few seconds for that unless called on the event loop.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        loop.execute(this::shutdown);
        if (!loop.inEventLoop()) {
            try {
                stopped.get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
                LOG.warn("component {}: connection did not close within {} s", settings.domain(), CLOSE_WAIT.toSeconds());
            }
        }
    }

    @Override
    public String toString() {
        return "ComponentLink[" + settings.domain() + " -> " + settings.endpoint() + (up ? ", up" : ", down") + "]";
    }

    private Channel usableChannel() {
        Channel current = channel;
        return up && current != null && current.isActive() ? current : null;
    }

    private void connect() {
        pendingRetry = null;
        if (closed) {
            return;
        }
        ChannelFuture connecting = bootstrap.connect();
        channel = connecting.channel();
        connecting.addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                // Never active, so no channelInactive will report it: report here.
                linkDown(f.channel(), failures.fromConnectFailure(f.cause()));
            }
        });
    }

    private void shutdown() {
        if (pendingRetry != null) {
            pendingRetry.cancel(false);
            pendingRetry = null;
        }
        Channel current = channel;
        if (current == null) {
            linkDown(null, failures.of(LinkFailure.Kind.SHUTDOWN, ""));
            return;
        }
        LinkAttributes.recordFailure(current, failures.of(LinkFailure.Kind.SHUTDOWN, ""));
        if (current.isActive() && LinkAttributes.markStreamCloseSent(current)) {
            current.writeAndFlush(StreamMarkup.CLOSE).addListener(ChannelFutureListener.CLOSE);
        } else {
            current.close(); // a pending connect fails, which reports the shutdown
        }
    }

    /** Every way a connection ends comes here, on the loop, once per connection. */
    private void linkDown(Channel gone, LinkFailure reported) {
        if (gone != null && gone != channel) {
            return; // a stale connection; the current one speaks for the link
        }
        channel = null;
        up = false;
        LinkFailure failure = closed ? failures.of(LinkFailure.Kind.SHUTDOWN, "") : reported;
        if (failure.kind() == LinkFailure.Kind.SHUTDOWN) {
            if (stopReported) {
                return;
            }
            stopReported = true;
            LOG.info("{}", failure.humanMessage());
            notifyDisconnected(failure);
            firstConnect.completeExceptionally(new LinkFailedException(failure));
            stopped.complete(null);
            return;
        }
        if (failure.fatal()) {
            closed = true;
            stopReported = true;
            LOG.warn("{}; not retrying (failFast)", failure.humanMessage());
            notifyDisconnected(failure);
            firstConnect.completeExceptionally(new LinkFailedException(failure));
            stopped.complete(null);
            return;
        }
        Duration delay = backoff.next();
        LOG.warn("{}; retrying in {} ms", failure.humanMessage(), delay.toMillis());
        notifyDisconnected(failure);
        if (!closed) {
            pendingRetry = loop.schedule(() -> {
                reconnects.incrementAndGet();
                connect();
            }, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void notifyDisconnected(LinkFailure failure) {
        try {
            listener.onDisconnected(this, failure);
        } catch (RuntimeException e) {
            LOG.error("component {}: listener failed in onDisconnected", settings.domain(), e);
        }
    }

    /** The pipeline's view of this link. */
    private final class Lifecycle implements LinkLifecycle {

        @Override
        public void accepted(Channel accepted) {
            if (accepted != channel || closed) {
                return;
            }
            connections.incrementAndGet();
            lastStanzaNanos = System.nanoTime();
            up = true;
            backoff.reset();
            LOG.info("component {}: connected to {}", settings.domain(), settings.endpoint());
            try {
                listener.onConnected(ComponentLink.this);
            } catch (RuntimeException e) {
                LOG.error("component {}: listener failed in onConnected", settings.domain(), e);
            }
            // After the listener: whoever waits on firstConnect() may rely on onConnected having run.
            firstConnect.complete(null);
        }

        @Override
        public void stanza(Channel from, String stanzaXml) {
            lastStanzaNanos = System.nanoTime();
            try {
                listener.onStanza(ComponentLink.this, stanzaXml);
            } catch (RuntimeException e) {
                LOG.error("component {}: listener failed in onStanza", settings.domain(), e);
            }
        }

        @Override
        public void refused(Channel from, RefusedStanza head) {
            try {
                listener.onStanzaRefused(ComponentLink.this, head);
            } catch (RuntimeException e) {
                LOG.error("component {}: listener failed in onStanzaRefused", settings.domain(), e);
            }
        }

        @Override
        public void down(Channel gone, LinkFailure failure) {
            linkDown(gone, failure);
        }
    }
}
