package dev.ferry.irc.client;

import dev.ferry.irc.protocol.Ctcp;
import dev.ferry.irc.protocol.IrcMessage;
import dev.ferry.irc.protocol.IrcTextSplitter;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * One client connection to an IRC server. {@link #open} starts connecting and returns at once;
 * {@link #registered()} completes when the server has welcomed us (or fails with an
 * {@link IrcRegistrationException} saying why). Sending is safe from any thread and never blocks:
 * lines are queued and paced by flood control, in the order they were sent.
 */
public final class IrcConnection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IrcConnection.class);
    /** Bytes of {@code \u0001ACTION } and the closing {@code \u0001}. */
    private static final int ACTION_WRAPPER_BYTES = 9;
    /** How long {@link #close(String)} lets the QUIT line go out before closing the socket anyway. */
    private static final long QUIT_GRACE_MILLIS = 2000;

    /** Netty's adaptive receive buffer sizing, one shared configuration (the per-channel state is in its handle). */
    private static final AdaptiveRecvByteBufAllocator RECEIVE_BUFFERS = new AdaptiveRecvByteBufAllocator();

    private final IrcClientSettings settings;
    private final IrcConnectionListener listener;
    private final CompletableFuture<Registered> registered = new CompletableFuture<>();
    private final AtomicBoolean disconnectReported = new AtomicBoolean();
    private final LineConfirmations confirmations = new LineConfirmations();
    private volatile Channel channel;
    /** The nick the server knows us by (the requested one until 001, then tracked through NICK). */
    private volatile String nick;

    // Package-private: the registration tests drive a handler with a connection that has no socket.
    IrcConnection(IrcClientSettings settings, IrcConnectionListener listener) {
        this.settings = settings;
        this.listener = listener;
    }

    /** Connects to {@code settings.host():settings.port()} on {@code group} and starts registering. */
    public static IrcConnection open(IrcClientSettings settings, EventLoopGroup group, IrcConnectionListener listener) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(listener, "listener");
        IrcConnection connection = new IrcConnection(settings, listener);
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeout().toMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.RCVBUF_ALLOCATOR, RECEIVE_BUFFERS)
                .handler(new IrcChannelInitializer(settings, connection, listener));
        ChannelFuture connect = bootstrap.connect(settings.host(), settings.port());
        connection.channel = connect.channel();
        connect.addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                connection.disconnected("cannot connect to " + settings.host() + ":" + settings.port() + ": "
                        + (f.cause() != null ? f.cause().getMessage() : "cancelled"));
            }
        });
        return connection;
    }

    public IrcClientSettings settings() {
        return settings;
    }

    /** Completes once registered; fails with {@link IrcRegistrationException} (or on disconnect) otherwise. */
    public CompletableFuture<Registered> registered() {
        return registered;
    }

    /** The nick the server knows us by right now. */
    public String nick() {
        String current = nick;
        return current != null ? current : settings.nick();
    }

    public boolean isRegistered() {
        return registered.isDone() && !registered.isCompletedExceptionally() && channel.isActive();
    }

    public boolean isConnected() {
        return channel.isActive();
    }

    /**
     * Queues {@code message} for sending. Validated now: a message that cannot be written as one
     * safe line throws {@link IllegalArgumentException} here and nothing is sent.
     */
    public ChannelFuture send(IrcMessage message) {
        message.toLine();
        ChannelFuture write = channel.writeAndFlush(message);
        write.addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                LOG.debug("IRC line not sent ({}): {}", f.cause() == null ? "cancelled" : f.cause().getMessage(), message);
            }
        });
        return write;
    }

    /**
     * Sends {@code message} and completes once the server has confirmed it (see
     * {@link LineConfirmations}); fails with {@link LineNotConfirmedException} if the connection
     * ends first. A server handles a client's lines in order, so by then every line it sent in
     * reply (a JOIN's NAMES and history replay) has arrived and been dispatched.
     */
    public CompletableFuture<Void> sendConfirmed(IrcMessage message) {
        return confirmations.after(send(message));
    }

    /**
     * Sends {@code text} to {@code target} as one PRIVMSG per line and per 512-byte piece. The
     * future completes when the server has confirmed every piece (see {@link LineConfirmations})
     * and fails with {@link LineNotConfirmedException} if the connection ends first.
     */
    public CompletableFuture<Void> privmsg(String target, String text) {
        return sendSplit("PRIVMSG", target, text, 0, chunk -> IrcMessage.privmsg(target, chunk));
    }

    /** Like {@link #privmsg} with NOTICE. */
    public CompletableFuture<Void> notice(String target, String text) {
        return sendSplit("NOTICE", target, text, 0, chunk -> IrcMessage.notice(target, chunk));
    }

    /** {@code /me}: one CTCP ACTION per piece; confirmed like {@link #privmsg}. */
    public CompletableFuture<Void> action(String target, String text) {
        return sendSplit("PRIVMSG", target, text, ACTION_WRAPPER_BYTES,
                chunk -> IrcMessage.privmsg(target, Ctcp.action(chunk).encode()));
    }

    private CompletableFuture<Void> sendSplit(String command, String target, String text, int wrapperBytes,
                                              Function<String, IrcMessage> build) {
        IrcMessage.privmsg(target, ""); // validates target before anything is queued
        int reserve = IrcTextSplitter.prefixReserve(nick(), settings.username());
        List<String> chunks = IrcTextSplitter.forLine(reserve, command, target, wrapperBytes).split(text);
        ChannelFuture last = null;
        for (String chunk : chunks) {
            last = send(build.apply(chunk));
        }
        // Lines go out in order, so the last piece's confirmation covers the others.
        return last == null ? CompletableFuture.completedFuture(null) : confirmations.after(last);
    }

    /** Sends QUIT and closes; lines still waiting in flood control are not sent. */
    public void close(String quitMessage) {
        IrcChannelState.disconnectReason(channel, "closed by us");
        if (!channel.isActive()) {
            channel.close();
            return;
        }
        IrcMessage quit = quitMessage == null ? IrcMessage.quit(null) : IrcMessage.quit(quitMessage);
        channel.writeAndFlush(quit).addListener(ChannelFutureListener.CLOSE);
        channel.eventLoop().schedule(() -> channel.close(), QUIT_GRACE_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        close("Ferry");
    }

    /** Future that completes when the socket is closed. */
    public CompletableFuture<Void> closeFuture() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        channel.closeFuture().addListener(f -> done.complete(null));
        return done;
    }

    @Override
    public String toString() {
        return "IrcConnection[" + nick() + "@" + settings.host() + ":" + settings.port() + "]";
    }

    // ---- called by the pipeline's handlers, on the event loop ---------------------------------

    void nick(String current) {
        if (!current.equals(nick)) {
            nick = current; // an equal nick keeps the string we have: one copy per puppet, not one per reply
        }
    }

    void registrationSucceeded(Registered r) {
        // The listener first: whoever waits on the future may rely on what the listener recorded.
        if (!registered.isDone()) {
            listener.onRegistered(this, r);
            registered.complete(r);
        }
    }

    void registrationFailed(String reason) {
        registered.completeExceptionally(new IrcRegistrationException(reason));
    }

    /** Something about logging in (SASL) the user should read; the connection goes on. */
    void loginNotice(String text) {
        listener.onLoginNotice(this, text);
    }

    void nickInUse(String tried, String next) {
        listener.onNickInUse(this, tried, next);
    }

    /** A PONG from the server; true if it answered one of our confirmation PINGs. */
    boolean pong(Channel on, String token) {
        return confirmations.pong(on, token);
    }

    void disconnected(String reason) {
        confirmations.lost("the connection to " + settings.host() + ":" + settings.port() + " ended: " + reason);
        registered.completeExceptionally(new IrcRegistrationException("disconnected before registration: " + reason));
        if (disconnectReported.compareAndSet(false, true)) {
            listener.onDisconnected(this, reason);
        }
    }
}
