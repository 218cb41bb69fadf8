package dev.ferry.sip.transport;

import gov.nist.javax.sip.message.SIPMessage;
import java.net.InetAddress;
import java.text.ParseException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sip.ClientTransaction;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.SipURI;
import javax.sip.header.AllowHeader;
import javax.sip.header.Header;
import javax.sip.header.RouteHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import dev.ferry.sip.protocol.SipFactories;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ferry's SIP stack (JAIN-SIP RI): listening points on UDP and TCP, inbound requests handed to
 * the handler for their method (a dispatch table), outbound requests sent in client transactions
 * whose final response completes a future. Requests too large for a UDP datagram go over TCP
 * (RFC 3261 §18.1.1).
 */
public final class SipTransport implements SipListener, AutoCloseable {

    /** Handles one inbound request inside its server transaction. */
    @FunctionalInterface
    public interface RequestHandler {
        void handle(Request request, ServerTransaction transaction, InetAddress source);
    }

    /** A request that got no final response: Timer F fired, or it could not be sent. */
    public static final class NoResponse extends Exception {
        private final boolean timeout;

        NoResponse(String message, boolean timeout) {
            super(message, null, false, false);
            this.timeout = timeout;
        }

        public boolean timeout() {
            return timeout;
        }
    }

    /** RFC 3261 §18.1.1: requests within 200 bytes of a 1500-byte path MTU go over a congestion-controlled transport. */
    static final int UDP_LIMIT = 1300;

    private static final Logger LOG = LoggerFactory.getLogger(SipTransport.class);
    private static final AtomicInteger STACKS = new AtomicInteger();

    private final Map<String, RequestHandler> handlers;
    /** Requests of a method not in the table; answers 405 with Allow unless the connector wraps it (the trust check). */
    private final RequestHandler otherMethods;
    private final int maxMessageSize;
    private SipStack stack;
    private SipProvider provider;
    /**
     * Sending may resolve the next hop's name (blocking, seconds when DNS is slow): never on the
     * caller's thread, which is the XMPP side's stanza worker.
     */
    private final java.util.concurrent.ExecutorService sender = java.util.concurrent.Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "ferry-sip-send");
        t.setDaemon(true);
        return t;
    });

    public SipTransport(Map<String, RequestHandler> handlers, int maxBodySize) {
        this(handlers, maxBodySize, java.util.function.UnaryOperator.identity());
    }

    /**
     * @param guardOtherMethods wraps the 405 answer to methods not in {@code handlers}, so it passes
     *                          the same checks as the rest: an untrusted scanner sending REGISTER or
     *                          INVITE gets the 403 everyone else gets, not a list of what Ferry serves
     */
    public SipTransport(Map<String, RequestHandler> handlers, int maxBodySize,
                        java.util.function.UnaryOperator<RequestHandler> guardOtherMethods) {
        this.handlers = Map.copyOf(handlers);
        this.otherMethods = guardOtherMethods.apply((request, tx, source) -> respondNotAllowed(tx));
        // large enough that an oversized body is still read and answered 413, not cut off
        this.maxMessageSize = Math.max(maxBodySize * 2, maxBodySize + 16 * 1024);
    }

    public void start(List<ListenAddress> listen) throws Exception {
        start(listen, java.util.Optional.empty(), "");
    }

    /** With a PKCS#12 key store, {@code tls:} listeners serve its certificate (no client certificates asked). */
    public void start(List<ListenAddress> listen, java.util.Optional<String> keyStore, String keyStorePassword) throws Exception {
        Properties p = new Properties();
        if (keyStore.isPresent()) {
            p.setProperty("javax.net.ssl.keyStore", keyStore.get());
            p.setProperty("javax.net.ssl.keyStorePassword", keyStorePassword);
            p.setProperty("javax.net.ssl.keyStoreType", "PKCS12");
            // the stack wants a trust store too (for TLS it opens itself); the same file will do
            p.setProperty("javax.net.ssl.trustStore", keyStore.get());
            p.setProperty("javax.net.ssl.trustStorePassword", keyStorePassword);
            p.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
            p.setProperty("gov.nist.javax.sip.TLS_CLIENT_AUTH_TYPE", "Disabled");
            p.setProperty("gov.nist.javax.sip.TLS_CLIENT_PROTOCOLS", "TLSv1.2,TLSv1.3");
            // the stack's default suites are RSA-only CBC ones of 2010: no EC certificate, no TLS 1.3
            p.setProperty("gov.nist.javax.sip.ENABLED_CIPHER_SUITES", String.join(",",
                    "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
                    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
                    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"));
        }
        p.setProperty("javax.sip.STACK_NAME", "ferry-sip-" + STACKS.incrementAndGet());
        p.setProperty("gov.nist.javax.sip.STACK_LOGGER", Slf4jStackLogger.class.getName());
        p.setProperty("gov.nist.javax.sip.SERVER_LOGGER", SilentServerLogger.class.getName());
        p.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "0");
        p.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "off");
        p.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
        p.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", "8");
        p.setProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE", Integer.toString(maxMessageSize));
        p.setProperty("gov.nist.javax.sip.CACHE_CLIENT_CONNECTIONS", "true");
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        stack = factory.createSipStack(p);
        for (ListenAddress l : listen) {
            ListeningPoint lp = stack.createListeningPoint(l.host(), l.port(), l.transport());
            if (provider == null) {
                provider = stack.createSipProvider(lp);
                provider.addSipListener(this);
            } else {
                provider.addListeningPoint(lp);
            }
            LOG.info("SIP listening on {}", l);
        }
        stack.start();
    }

    /**
     * Sends {@code request} (no Via yet) in a client transaction; completes with the final
     * response, or exceptionally with {@link NoResponse}.
     */
    public CompletableFuture<Response> send(Request request) {
        CompletableFuture<Response> result = new CompletableFuture<>();
        try {
            sender.execute(() -> sendNow(request, result));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            result.completeExceptionally(new NoResponse("the SIP stack is stopped", false));
        }
        return result;
    }

    private void sendNow(Request request, CompletableFuture<Response> result) {
        try {
            String transport = transportFor(request);
            ListeningPoint lp = provider.getListeningPoint(transport);
            ViaHeader via = SipFactories.HEADERS.createViaHeader(lp.getIPAddress(), lp.getPort(), transport,
                    "z9hG4bK" + HexFormat.of().formatHex(random(10)));
            via.setRPort();
            request.addFirst(via);
            ClientTransaction tx = provider.getNewClientTransaction(request);
            tx.setApplicationData(result);
            tx.sendRequest();
        } catch (SipException | ParseException | javax.sip.InvalidArgumentException | RuntimeException e) {
            result.completeExceptionally(new NoResponse("could not send the request: " + e.getMessage(), false));
        }
    }

    /** UDP unless the request is too large for it and TCP is there (then the next hop is told ;transport=tcp). */
    private String transportFor(Request request) throws ParseException {
        if (provider.getListeningPoint("tcp") == null || request.toString().length() + 120 <= UDP_LIMIT) {
            return "udp";
        }
        RouteHeader route = (RouteHeader) request.getHeader(RouteHeader.NAME);
        SipURI hop = route != null ? (SipURI) route.getAddress().getURI() : (SipURI) request.getRequestURI();
        hop.setTransportParam("tcp");
        return "tcp";
    }

    /** A final response in the request's server transaction; failures to send are logged, never thrown. */
    public void respond(ServerTransaction tx, int code, String reason, Header... extra) {
        try {
            Response response = SipFactories.MESSAGES.createResponse(code, tx.getRequest());
            if (reason != null && !reason.isBlank()) {
                response.setReasonPhrase(reason);
            }
            for (Header h : extra) {
                response.addHeader(h);
            }
            tx.sendResponse(response);
        } catch (Exception e) {
            LOG.debug("could not answer {} with {}: {}", tx.getRequest().getMethod(), code, e.toString());
        }
    }

    /** A response to the transaction's request, for the caller to complete (a To tag, a Contact) and {@link #respond(ServerTransaction, Response)}. */
    public Response response(ServerTransaction tx, int code) throws ParseException {
        return SipFactories.MESSAGES.createResponse(code, tx.getRequest());
    }

    public void respond(ServerTransaction tx, Response response) {
        try {
            tx.sendResponse(response);
        } catch (Exception e) {
            LOG.debug("could not answer {} with {}: {}", tx.getRequest().getMethod(), response.getStatusCode(), e.toString());
        }
    }

    @Override
    public void processRequest(RequestEvent event) {
        Request request = event.getRequest();
        String method = request.getMethod();
        if (Request.ACK.equals(method)) {
            return; // no INVITE transactions here; a stray ACK is never answered
        }
        ServerTransaction tx = event.getServerTransaction();
        try {
            if (tx == null) {
                tx = provider.getNewServerTransaction(request);
            }
        } catch (TransactionAlreadyExistsException e) {
            return; // a retransmission: the transaction answers it
        } catch (Exception e) {
            LOG.debug("no server transaction for {}: {}", method, e.toString());
            return;
        }
        InetAddress source = source(request);
        RequestHandler handler = handlers.getOrDefault(method, otherMethods);
        try {
            handler.handle(request, tx, source);
        } catch (RuntimeException e) {
            LOG.warn("{} from {} failed: {}", method, source, e.toString());
            respond(tx, 500, "Server Internal Error");
        }
    }

    private void respondNotAllowed(ServerTransaction tx) {
        try {
            AllowHeader[] allow = handlers.keySet().stream().sorted().map(m -> {
                try {
                    return SipFactories.HEADERS.createAllowHeader(m);
                } catch (ParseException e) {
                    throw new IllegalStateException(e);
                }
            }).toArray(AllowHeader[]::new);
            respond(tx, 405, "Method Not Allowed", allow);
        } catch (RuntimeException e) {
            respond(tx, 405, "Method Not Allowed");
        }
    }

    private static InetAddress source(Request request) {
        SIPMessage m = (SIPMessage) request;
        return m.getPeerPacketSourceAddress() != null ? m.getPeerPacketSourceAddress() : m.getRemoteAddress();
    }

    @Override
    @SuppressWarnings("unchecked")
    public void processResponse(ResponseEvent event) {
        Response response = event.getResponse();
        ClientTransaction tx = event.getClientTransaction();
        if (tx == null || response.getStatusCode() < 200) {
            return; // a provisional response, or a stray one for no transaction of ours
        }
        if (tx.getApplicationData() instanceof CompletableFuture<?> f) {
            ((CompletableFuture<Response>) f).complete(response);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public void processTimeout(TimeoutEvent event) {
        if (event.isServerTransaction()) {
            return;
        }
        ClientTransaction tx = event.getClientTransaction();
        if (tx != null && tx.getApplicationData() instanceof CompletableFuture<?> f) {
            ((CompletableFuture<Response>) f).completeExceptionally(new NoResponse("no answer from the next hop", true));
        }
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        LOG.debug("SIP transport error towards {}:{}/{}", event.getHost(), event.getPort(), event.getTransport());
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }

    /** The port of the listening point for {@code transport}, or -1. */
    public int port(String transport) {
        ListeningPoint lp = provider == null ? null : provider.getListeningPoint(transport);
        return lp == null ? -1 : lp.getPort();
    }

    @Override
    public void close() {
        sender.shutdownNow();
        if (stack != null) {
            stack.stop();
            stack = null;
        }
    }

}
