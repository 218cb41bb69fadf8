package dev.ferry.irc.client;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;

import javax.net.ssl.SSLException;

/**
 * Builds the pipeline of one IRC connection, top to bottom, one job per named handler. Each handler
 * costs every puppet a context and its own state, so jobs that always go together share one
 * (framing, charset, parsing and encoding in the codec; the keepalive in dispatch).
 */
final class IrcChannelInitializer extends ChannelInitializer<SocketChannel> {

    /** IRCv3: 8191 bytes of tags plus the 512-byte message; we keep the brief's single bound. */
    static final int MAX_LINE_BYTES = 8191;
    /** Flushes that wait for the end of a read or for the queued writes before one goes out regardless. */
    static final int FLUSH_AFTER_FLUSHES = 64;

    private final IrcClientSettings settings;
    private final IrcConnection connection;
    private final IrcConnectionListener listener;
    private final SslContext sslContext;

    IrcChannelInitializer(IrcClientSettings settings, IrcConnection connection, IrcConnectionListener listener) {
        this.settings = settings;
        this.connection = connection;
        this.listener = listener;
        TlsTrust trust = new TlsTrust(settings.verifyCertificate(), settings.trustCertificates());
        if (!settings.tls()) {
            this.sslContext = null;
        } else if (settings.clientCertificate() != null) {
            // A user's own certificate is theirs alone: a context of its own, made per connection
            // (a puppet connects rarely), so no cache keeps a key the user has since replaced.
            this.sslContext = sslContext(trust, settings.clientCertificate());
        } else {
            this.sslContext = SSL_CONTEXTS.computeIfAbsent(trust, t -> sslContext(t, null));
        }
    }

    /** What an SSL context depends on; one context per kind is shared by every connection (they are heavy). */
    private record TlsTrust(boolean verify, java.nio.file.Path caCertificates) {
    }

    private static final java.util.Map<TlsTrust, SslContext> SSL_CONTEXTS = new java.util.concurrent.ConcurrentHashMap<>();

    private static SslContext sslContext(TlsTrust trust, ClientCertificate clientCertificate) {
        try {
            SslContextBuilder builder = SslContextBuilder.forClient();
            if (clientCertificate != null) {
                builder.keyManager(clientCertificate.key(), clientCertificate.chain()); // CertFP, SASL EXTERNAL
            }
            if (trust.verify()) {
                builder.endpointIdentificationAlgorithm("HTTPS"); // host name check
                if (trust.caCertificates() != null) {
                    builder.trustManager(trust.caCertificates().toFile()); // else the JDK's trust store
                }
            } else {
                // Only for self-signed test servers, and only when the operator asked for it.
                builder.trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null);
            }
            return builder.build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up TLS for IRC: " + e.getMessage(), e);
        }
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        // A line and the confirmation PING behind it (LineConfirmations) go out in one write, not two.
        p.addLast("flush-consolidation", new FlushConsolidationHandler(FLUSH_AFTER_FLUSHES, true));
        if (sslContext != null) {
            p.addLast("tls", sslContext.newHandler(ch.alloc(), settings.host(), settings.port()));
        }
        p.addLast("codec", new IrcCodec(MAX_LINE_BYTES, settings.fallbackCharset()));
        p.addLast("flood-control", new FloodControlHandler(settings.floodBurst(), settings.floodLinesPerSecond()));
        p.addLast("registration", new RegistrationHandler(settings, connection));
        p.addLast("dispatch", new DispatchHandler(connection, listener, new Keepalive(settings.pingInterval())));
    }
}
