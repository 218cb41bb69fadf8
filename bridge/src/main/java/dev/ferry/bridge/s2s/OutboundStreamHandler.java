package dev.ferry.bridge.s2s;

import dev.ferry.bridge.stream.StreamEvent;
import dev.ferry.bridge.stream.StreamEvent.StanzaReceived;
import dev.ferry.bridge.stream.StreamEvent.StreamOpened;
import dev.ferry.bridge.stream.StreamFraming;
import dev.ferry.bridge.stream.XmlInputRefusedException;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One outgoing server-to-server stream (RFC 6120, initiating side) from a local domain to a
 * remote one: STARTTLS with the remote certificate verified for the remote domain (a failure ends
 * the attempt; it is never waved through), then SASL EXTERNAL when offered (XEP-0178), else
 * dialback (XEP-0220) with a key the remote verifies with us. In verification mode it only asks
 * the remote whether a dialback key is genuine ({@code db:verify}) and closes.
 *
 * <p>All state is confined to the channel's event loop; the outcome is reported exactly once.
 */
final class OutboundStreamHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(OutboundStreamHandler.class);

    /** What the owner of the connection learns. */
    interface Outcome {
        /** The stream is authenticated (route mode) and may carry stanzas. */
        void ready(Channel channel);

        /** Verification mode: the remote's answer. */
        default void verified(boolean valid) {
        }

        /** The attempt failed before {@link #ready}; {@code reason} names what and why. */
        void failed(String reason);

        /** A ready stream ended. */
        default void closed(Channel channel) {
        }
    }

    /** The dialback key to ask about in verification mode. */
    record Verification(String streamId, String key) {
    }

    private final S2sServer server;
    private final String local;
    private final String remote;
    private final InetSocketAddress address;
    private final Verification verification;
    private final Outcome outcome;
    private boolean tls;
    private boolean saslTried;
    private boolean saslDone;
    private boolean dialbackSent;
    private boolean ready;
    private boolean reported;
    private String streamId = "";

    OutboundStreamHandler(S2sServer server, String local, String remote, InetSocketAddress address, boolean directTls,
                          Verification verification, Outcome outcome) {
        this.server = server;
        this.local = local;
        this.remote = remote;
        this.address = address;
        this.verification = verification;
        this.outcome = outcome;
        this.tls = directTls;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        SslHandler direct = ctx.pipeline().get(SslHandler.class);
        if (direct != null) {
            direct.handshakeFuture().addListener(f -> {
                if (f.isSuccess()) {
                    ctx.writeAndFlush(S2sMarkup.open(local, remote, null));
                } else {
                    fail(ctx, "TLS with " + remote + " at " + address + " failed: " + f.cause().getMessage());
                }
            });
        } else {
            ctx.writeAndFlush(S2sMarkup.open(local, remote, null));
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof StreamOpened opened) {
            streamId = opened.id();
        } else if (msg instanceof StanzaReceived element) {
            element(ctx, element);
        } else if (msg instanceof StreamEvent.StreamError error) {
            fail(ctx, remote + " ended the stream with " + error.condition() + (error.text().isEmpty() ? "" : ": " + error.text()));
        } else if (msg == StreamEvent.StreamClosed.INSTANCE) {
            fail(ctx, remote + " closed the stream");
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof XmlInputRefusedException refused) {
            String reason = refused.getMessage().replace("the server", remote);
            if (!ready) {
                report(() -> outcome.failed(reason));
            } else {
                LOG.info("s2s out {} -> {}: {}", local, remote, reason);
            }
            ctx.writeAndFlush(S2sMarkup.errorAndClose(refused.condition(), "")).addListener(ChannelFutureListener.CLOSE);
        } else {
            fail(ctx, "connection to " + remote + " at " + address + ": " + cause.getMessage());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (ready) {
            outcome.closed(ctx.channel());
        } else {
            report(() -> outcome.failed("connection to " + remote + " at " + address + " closed before authentication"));
        }
        super.channelInactive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            LOG.info("s2s out {} -> {}: idle, closing", local, remote);
            ctx.writeAndFlush(S2sMarkup.CLOSE).addListener(ChannelFutureListener.CLOSE);
        } else {
            super.userEventTriggered(ctx, evt);
        }
    }

    private void element(ChannelHandlerContext ctx, StanzaReceived element) {
        String ns = element.namespace();
        String name = element.localName();
        if (ns.equals(S2sMarkup.STREAMS_NS) && name.equals("features")) {
            features(ctx, ElementView.parse(element.xml()));
        } else if (ns.equals(S2sMarkup.TLS_NS) && name.equals("proceed")) {
            startTls(ctx);
        } else if (ns.equals(S2sMarkup.TLS_NS) && name.equals("failure")) {
            fail(ctx, remote + " refused STARTTLS");
        } else if (ns.equals(S2sMarkup.SASL_NS) && name.equals("success")) {
            saslDone = true;
            LOG.info("s2s out {} -> {}: authenticated by SASL EXTERNAL", local, remote);
            server.authenticated("out", "EXTERNAL");
            restart(ctx);
        } else if (ns.equals(S2sMarkup.SASL_NS) && name.equals("failure")) {
            LOG.info("s2s out {} -> {}: SASL EXTERNAL refused, trying dialback", local, remote);
            dialback(ctx);
        } else if (ns.equals(S2sMarkup.DIALBACK_NS) && name.equals("result")) {
            dialbackAnswer(ctx, ElementView.parse(element.xml()));
        } else if (ns.equals(S2sMarkup.DIALBACK_NS) && name.equals("verify")) {
            ElementView answer = ElementView.parse(element.xml());
            boolean valid = "valid".equals(answer.attribute("type")) && verification != null
                    && verification.streamId().equals(answer.attribute("id"));
            reported = true;
            outcome.verified(valid);
            ctx.writeAndFlush(S2sMarkup.CLOSE).addListener(ChannelFutureListener.CLOSE);
        } else {
            // Without bidirectional streams (XEP-0288) the remote sends nothing else here.
            LOG.debug("s2s out {} -> {}: ignored <{} xmlns='{}'>", local, remote, name, ns);
        }
    }

    private void features(ChannelHandlerContext ctx, ElementView features) {
        if (!tls) {
            if (features.has(S2sMarkup.TLS_NS, "starttls")) {
                ctx.writeAndFlush(S2sMarkup.startTls());
                return;
            }
            if (server.settings().requireTls()) {
                fail(ctx, remote + " does not offer STARTTLS, which xmpp.s2s.require-tls demands");
                return;
            }
        }
        if (verification != null) {
            ctx.writeAndFlush(S2sMarkup.dialbackVerify(local, remote, verification.streamId(), verification.key()));
            return;
        }
        if (saslDone) {
            becomeReady(ctx);
            return;
        }
        ElementView mechanisms = features.child(S2sMarkup.SASL_NS, "mechanisms");
        boolean external = mechanisms != null && mechanisms.children().stream().anyMatch(m -> m.text().equals("EXTERNAL"));
        if (tls && external && !saslTried) {
            saslTried = true;
            ctx.writeAndFlush(S2sMarkup.authExternal(local));
            return;
        }
        dialback(ctx);
    }

    private void dialback(ChannelHandlerContext ctx) {
        if (dialbackSent) {
            return;
        }
        dialbackSent = true;
        ctx.writeAndFlush(S2sMarkup.dialbackResult(local, remote, server.keys().key(remote, local, streamId)));
    }

    private void dialbackAnswer(ChannelHandlerContext ctx, ElementView answer) {
        if ("valid".equals(answer.attribute("type"))) {
            LOG.info("s2s out {} -> {}: authenticated by dialback", local, remote);
            server.authenticated("out", "dialback");
            becomeReady(ctx);
        } else {
            fail(ctx, remote + " refused our dialback (" + (answer.attribute("type").isEmpty() ? "no type" : answer.attribute("type")) + ")");
        }
    }

    private void startTls(ChannelHandlerContext ctx) {
        SslHandler handler = server.tls().client(local).newHandler(ctx.alloc(), remote, address.getPort());
        ctx.pipeline().addFirst("tls", handler);
        ctx.pipeline().replace("xml-decoder", "xml-decoder", StreamFraming.newDecoder(server.settings().maxStanzaBytes()));
        handler.handshakeFuture().addListener(f -> {
            if (f.isSuccess()) {
                tls = true;
                ctx.writeAndFlush(S2sMarkup.open(local, remote, null));
            } else {
                fail(ctx, "TLS with " + remote + " failed (its certificate must be valid for " + remote + "): "
                        + f.cause().getMessage());
            }
        });
    }

    private void restart(ChannelHandlerContext ctx) {
        ctx.pipeline().replace("xml-decoder", "xml-decoder", StreamFraming.newDecoder(server.settings().maxStanzaBytes()));
        ctx.writeAndFlush(S2sMarkup.open(local, remote, null));
    }

    private void becomeReady(ChannelHandlerContext ctx) {
        if (ready) {
            return;
        }
        ready = true;
        reported = true;
        outcome.ready(ctx.channel());
    }

    private void fail(ChannelHandlerContext ctx, String reason) {
        if (!ready) {
            report(() -> outcome.failed(reason));
        } else {
            LOG.info("s2s out {} -> {}: {}", local, remote, reason);
        }
        if (ctx.channel().isActive()) {
            ctx.writeAndFlush(S2sMarkup.CLOSE).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void report(Runnable r) {
        if (!reported) {
            reported = true;
            r.run();
        }
    }
}
