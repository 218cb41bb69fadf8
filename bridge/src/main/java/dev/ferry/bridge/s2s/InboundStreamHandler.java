package dev.ferry.bridge.s2s;

import dev.ferry.bridge.stream.StreamEvent;
import dev.ferry.bridge.stream.StreamEvent.StanzaReceived;
import dev.ferry.bridge.stream.StreamEvent.StreamOpened;
import dev.ferry.bridge.stream.StreamFraming;
import dev.ferry.bridge.stream.XmlInputRefusedException;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One incoming server-to-server stream (RFC 6120, receiving side): answers the header with
 * features, does STARTTLS (required by default), authenticates the peer's domain by SASL EXTERNAL
 * when its certificate is valid for it (XEP-0178) or by dialback (XEP-0220, verified by
 * connecting back to the domain's authoritative server), answers dialback verifications for our
 * own keys, and passes on stanzas whose {@code from} belongs to an authenticated domain and whose
 * {@code to} is ours. Anything else ends the stream with the RFC 6120 condition that names it.
 *
 * <p>All state is confined to the channel's event loop.
 */
final class InboundStreamHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(InboundStreamHandler.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final S2sServer server;
    /** Domains whose stanzas this stream may carry. */
    private final Set<String> authenticated = new HashSet<>();
    private String streamId;
    private String localDomain = "";
    private String peerDomain = "";
    private boolean tls;
    private boolean tlsStarted;
    private boolean saslDone;
    private List<X509Certificate> peerChain = List.of();
    private boolean finished;
    private String remote = "?";

    InboundStreamHandler(S2sServer server) {
        this.server = server;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        remote = String.valueOf(ctx.channel().remoteAddress());
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (finished) {
            return;
        }
        if (msg instanceof StreamOpened opened) {
            opened(ctx, opened);
        } else if (msg instanceof StanzaReceived element) {
            element(ctx, element);
        } else if (msg instanceof StreamEvent.StreamError error) {
            LOG.info("s2s in from {}: stream error {} {}", describe(), error.condition(), error.text());
            closeStream(ctx, S2sMarkup.CLOSE);
        } else if (msg == StreamEvent.StreamClosed.INSTANCE) {
            closeStream(ctx, S2sMarkup.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof XmlInputRefusedException refused) {
            fail(ctx, refused.condition(), refused.getMessage().replace("the server", "the peer"));
        } else {
            LOG.info("s2s in from {}: {}", describe(), cause.toString());
            ctx.close();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SslHandshakeCompletionEvent done) {
            if (done.isSuccess()) {
                tls = true;
                peerChain = peerCertificates(ctx);
            } else {
                LOG.info("s2s in from {}: TLS handshake failed: {}", describe(), done.cause().toString());
                ctx.close();
            }
        } else if (evt instanceof IdleStateEvent) {
            LOG.debug("s2s in from {}: idle, closing", describe());
            closeStream(ctx, S2sMarkup.CLOSE);
        } else {
            super.userEventTriggered(ctx, evt);
        }
    }

    private void opened(ChannelHandlerContext ctx, StreamOpened header) {
        streamId = newStreamId();
        String to = header.to().toLowerCase(java.util.Locale.ROOT);
        peerDomain = header.from().toLowerCase(java.util.Locale.ROOT);
        if (!server.serves(to)) {
            ctx.write(S2sMarkup.open(to, peerDomain, streamId));
            fail(ctx, "host-unknown", "this server does not serve '" + to + "'");
            return;
        }
        localDomain = to;
        ctx.write(S2sMarkup.open(localDomain, peerDomain, streamId));
        if (!header.version().startsWith("1.")) {
            fail(ctx, "unsupported-version", "version 1.0 streams only (STARTTLS is required)");
            return;
        }
        if (!tls) {
            ctx.writeAndFlush(S2sMarkup.features(true, server.settings().requireTls(), false, !server.settings().requireTls()));
        } else {
            boolean external = !saslDone && !peerDomain.isEmpty() && server.tls().validFor(peerChain, peerDomain);
            ctx.writeAndFlush(S2sMarkup.features(false, false, external, !saslDone));
        }
    }

    private void element(ChannelHandlerContext ctx, StanzaReceived element) {
        String ns = element.namespace();
        String name = element.localName();
        if (streamId == null) {
            fail(ctx, "not-authorized", "an element before the stream header");
        } else if (ns.equals(S2sMarkup.TLS_NS) && name.equals("starttls")) {
            startTls(ctx);
        } else if (ns.equals(S2sMarkup.SASL_NS) && name.equals("auth")) {
            saslExternal(ctx, ElementView.parse(element.xml()));
        } else if (ns.equals(S2sMarkup.DIALBACK_NS) && name.equals("result")) {
            dialbackResult(ctx, ElementView.parse(element.xml()));
        } else if (ns.equals(S2sMarkup.DIALBACK_NS) && name.equals("verify")) {
            dialbackVerify(ctx, ElementView.parse(element.xml()));
        } else if (ns.equals(S2sMarkup.SERVER_NS) && (name.equals("message") || name.equals("presence") || name.equals("iq"))) {
            stanza(ctx, element.xml());
        } else {
            fail(ctx, "unsupported-stanza-type", "<" + name + " xmlns='" + ns + "'> is not expected here");
        }
    }

    private void startTls(ChannelHandlerContext ctx) {
        if (tls || tlsStarted) {
            fail(ctx, "policy-violation", "STARTTLS twice");
            return;
        }
        tlsStarted = true;
        // The SNI handler only reads, so <proceed/> still goes out in clear; the ClientHello that
        // answers it meets the handler. The next stream starts with a fresh parser.
        ctx.pipeline().addFirst("tls", server.tls().serverHandler());
        restartStream(ctx);
        ctx.writeAndFlush(S2sMarkup.proceed());
    }

    private void saslExternal(ChannelHandlerContext ctx, ElementView auth) {
        if (!tls || saslDone || !"EXTERNAL".equals(auth.attribute("mechanism"))) {
            ctx.writeAndFlush(S2sMarkup.saslFailure(tls ? "invalid-mechanism" : "encryption-required"));
            return;
        }
        String authzid = decodeAuthzid(auth.text());
        String claimed = authzid.isEmpty() ? peerDomain : authzid;
        if (claimed.isEmpty() || (!peerDomain.isEmpty() && !peerDomain.equals(claimed))
                || !server.tls().validFor(peerChain, claimed)) {
            LOG.info("s2s in: SASL EXTERNAL for '{}' refused: the certificate is not valid for it", claimed);
            ctx.writeAndFlush(S2sMarkup.saslFailure("not-authorized"));
            return;
        }
        saslDone = true;
        authenticated.add(claimed);
        LOG.info("s2s in: {} authenticated to {} by SASL EXTERNAL", claimed, localDomain);
        server.authenticated("in", "EXTERNAL");
        restartStream(ctx);
        ctx.writeAndFlush(S2sMarkup.saslSuccess());
    }

    private void dialbackResult(ChannelHandlerContext ctx, ElementView result) {
        String from = result.attribute("from").toLowerCase(java.util.Locale.ROOT);
        String to = result.attribute("to").toLowerCase(java.util.Locale.ROOT);
        if (server.settings().requireTls() && !tls) {
            fail(ctx, "policy-violation", "dialback before STARTTLS");
            return;
        }
        if (!result.attribute("type").isEmpty()) {
            return; // an answer to a request we never make on incoming streams
        }
        if (!server.serves(to)) {
            ctx.writeAndFlush(S2sMarkup.dialbackResultError(to, from, "item-not-found"));
            return;
        }
        if (from.isEmpty() || result.text().isEmpty()) {
            fail(ctx, "invalid-from", "db:result without from or key");
            return;
        }
        String id = streamId;
        server.verifyDialback(to, from, id, result.text()).whenComplete((valid, error) -> ctx.executor().execute(() -> {
            if (finished || !ctx.channel().isActive()) {
                return;
            }
            if (error != null) {
                LOG.info("s2s in: could not verify dialback of {}: {}", from, error.getMessage());
                ctx.writeAndFlush(S2sMarkup.dialbackResultError(to, from, "remote-server-not-found"));
            } else if (valid) {
                authenticated.add(from);
                LOG.info("s2s in: {} authenticated to {} by dialback", from, to);
                server.authenticated("in", "dialback");
                ctx.writeAndFlush(S2sMarkup.dialbackResultAnswer(to, from, true));
            } else {
                LOG.warn("s2s in: dialback key of {} refused by its authoritative server; closing", from);
                ctx.write(S2sMarkup.dialbackResultAnswer(to, from, false));
                fail(ctx, "not-authorized", "the dialback key for " + from + " is not valid");
            }
        }));
    }

    private void dialbackVerify(ChannelHandlerContext ctx, ElementView verify) {
        String asker = verify.attribute("from").toLowerCase(java.util.Locale.ROOT);
        String ours = verify.attribute("to").toLowerCase(java.util.Locale.ROOT);
        String id = verify.attribute("id");
        boolean valid = server.serves(ours) && !id.isEmpty()
                && server.keys().matches(verify.text(), asker, ours, id);
        LOG.info("s2s in: {} asked whether a dialback key of {} is ours: {}", asker, ours, valid ? "valid" : "invalid");
        ctx.writeAndFlush(S2sMarkup.dialbackVerifyAnswer(ours, asker, id, valid));
    }

    private void stanza(ChannelHandlerContext ctx, String xml) {
        ElementView head = ElementView.head(xml);
        String fromDomain = Jids.domainOf(head.attribute("from"));
        String toDomain = Jids.domainOf(head.attribute("to"));
        if (authenticated.isEmpty()) {
            fail(ctx, "not-authorized", "a stanza before any domain authenticated on this stream");
            return;
        }
        if (fromDomain.isEmpty() || !authenticated.contains(fromDomain)) {
            fail(ctx, "invalid-from", "'" + head.attribute("from") + "' is not of a domain authenticated on this stream");
            return;
        }
        if (!server.serves(toDomain)) {
            fail(ctx, "host-unknown", "this server does not serve '" + toDomain + "'");
            return;
        }
        server.deliver(toDomain, Jids.asComponentStanza(xml));
    }

    private void restartStream(ChannelHandlerContext ctx) {
        ctx.pipeline().replace("xml-decoder", "xml-decoder", StreamFraming.newDecoder(server.settings().maxStanzaBytes()));
        streamId = null;
    }

    private void fail(ChannelHandlerContext ctx, String condition, String text) {
        LOG.warn("s2s in from {}: sent {}: {}", describe(), condition, text);
        closeStream(ctx, S2sMarkup.errorAndClose(condition, text));
    }

    private void closeStream(ChannelHandlerContext ctx, String lastWords) {
        if (finished) {
            return;
        }
        finished = true;
        if (ctx.channel().isActive()) {
            ctx.writeAndFlush(lastWords).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
    }

    private String describe() {
        return (peerDomain.isEmpty() ? "?" : peerDomain) + " (" + remote + ")";
    }

    private static List<X509Certificate> peerCertificates(ChannelHandlerContext ctx) {
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        if (ssl == null) {
            return List.of();
        }
        try {
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate c : ssl.engine().getSession().getPeerCertificates()) {
                if (c instanceof X509Certificate x) {
                    chain.add(x);
                }
            }
            return chain;
        } catch (SSLPeerUnverifiedException e) {
            return List.of(); // no client certificate: dialback only
        }
    }

    private static String decodeAuthzid(String text) {
        if (text.isEmpty() || text.equals("=")) {
            return "";
        }
        try {
            return new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8).toLowerCase(java.util.Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return "\u0000invalid";
        }
    }

    private static String newStreamId() {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
