package dev.ferry.sip.gateway;

import dev.ferry.sip.transport.SipTransport;
import dev.ferry.sip.transport.SipTransport.RequestHandler;
import dev.ferry.sip.transport.SourceRateLimiter;
import dev.ferry.sip.transport.TrustedNetworks;
import javax.sip.InvalidArgumentException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checks every inbound request passes before its handler, whatever its method: within its
 * source's rate (else 503 with Retry-After — SIP has no 429; RFC 3261 §21.5.4 has a 503 with
 * Retry-After tell a client when to come back), then a trusted source or a request for an account
 * registered through Ferry (its registrar routes it here; else 403, the same for every user, so a
 * scanner learns nothing about which exist).
 */
final class InboundRequests {

    private static final Logger LOG = LoggerFactory.getLogger(InboundRequests.class);

    private final TrustedNetworks trusted;
    private final SourceRateLimiter limiter;

    private final java.util.function.Predicate<javax.sip.message.Request> forRegisteredAccount;

    /** @param forRegisteredAccount whether a request is for the contact of an account registered through Ferry (accepted from anywhere) */
    InboundRequests(TrustedNetworks trusted, SourceRateLimiter limiter,
                    java.util.function.Predicate<javax.sip.message.Request> forRegisteredAccount) {
        this.trusted = trusted;
        this.limiter = limiter;
        this.forRegisteredAccount = forRegisteredAccount;
    }

    RequestHandler guard(SipTransportRef transport, RequestHandler handler) {
        return (request, tx, source) -> {
            // The rate first, for untrusted sources too: svcrack answered 403 re-sends its REGISTER
            // at once, forever (it waits for a digest challenge that never comes); a 503 stops it.
            int retry = source == null ? 0 : limiter.retryAfter(source, System.nanoTime());
            if (retry > 0) {
                try {
                    transport.get().respond(tx, 503, "Service Unavailable: too many requests from " + source,
                            dev.ferry.sip.protocol.SipFactories.HEADERS.createRetryAfterHeader(retry));
                } catch (InvalidArgumentException e) {
                    transport.get().respond(tx, 503, "Service Unavailable");
                }
                return;
            }
            if (source == null || !trusted.contains(source) && !forRegisteredAccount.test(request)) {
                LOG.debug("refused {} from untrusted {}", request.getMethod(), source);
                transport.get().respond(tx, 403, "Forbidden: " + source + " is not a trusted network (sip.trusted)");
                return;
            }
            handler.handle(request, tx, source);
        };
    }

    /** The transport, known only once it is built from the handlers that need it. */
    interface SipTransportRef {
        SipTransport get();
    }
}
