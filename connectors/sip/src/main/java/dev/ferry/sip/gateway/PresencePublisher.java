package dev.ferry.sip.gateway;

import dev.ferry.sip.protocol.Pidf;
import dev.ferry.sip.protocol.SipFactories;
import dev.ferry.spi.Presence;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.sip.address.SipURI;
import javax.sip.header.SIPETagHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PUBLISH (RFC 3903) of an XMPP user's presence to their SIP account's presence server, when
 * {@code sip.publish} is on: for users with a registered account, each change of the presence
 * the SIP side gets from them (directed to, or broadcast to, SIP contacts) becomes a PIDF
 * PUBLISH to their AOR through their registrar, refreshed with SIP-If-Match before it expires
 * and removed (Expires: 0) when they go unavailable.
 */
final class PresencePublisher {

    private static final Logger LOG = LoggerFactory.getLogger(PresencePublisher.class);
    static final int EXPIRES = 3600;

    /** What was last published for one user. */
    private static final class Published {
        /** One Call-ID for the whole publication, CSeq counting up (as UAs do for refreshes). */
        final String callId = java.util.UUID.randomUUID() + "@ferry";
        final String fromTag = Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong());
        final java.util.concurrent.atomic.AtomicLong cseq = new java.util.concurrent.atomic.AtomicLong();
        volatile String etag;
        volatile Presence.Availability availability;
        volatile Optional<String> status = Optional.empty();
        volatile ScheduledFuture<?> refresh;
    }

    private final SipAccounts accounts;
    private final InboundRequests.SipTransportRef transport;
    private final ScheduledExecutorService timer;
    private final Map<String, Published> published = new ConcurrentHashMap<>();

    PresencePublisher(SipAccounts accounts, InboundRequests.SipTransportRef transport, ScheduledExecutorService timer) {
        this.accounts = accounts;
        this.transport = transport;
        this.timer = timer;
    }

    void publish(Presence p) {
        String owner = p.from().bare().toString();
        Optional<SipAccount> account = accounts.account(owner);
        if (account.isEmpty()) {
            return;
        }
        Published state = published.computeIfAbsent(owner, o -> new Published());
        synchronized (state) {
            if (state.availability == p.availability() && Objects.equals(state.status, p.status())) {
                return; // the same presence again (one per SIP contact it was broadcast to)
            }
            boolean gone = p.availability() == Presence.Availability.UNAVAILABLE;
            if (gone && state.etag == null) {
                state.availability = p.availability();
                return; // nothing published to remove
            }
            state.availability = p.availability();
            state.status = p.status();
            send(account.get(), state, gone ? 0 : EXPIRES, gone ? null : p, true);
        }
    }

    private void send(SipAccount a, Published state, int expires, Presence body, boolean retryOn412) {
        Request r;
        try {
            r = request(a, state, expires, body);
        } catch (ParseException | javax.sip.InvalidArgumentException e) {
            LOG.debug("PUBLISH for {} not built: {}", a.owner(), e.getMessage());
            return;
        }
        Challenges.send(transport.get(), r, accounts.credentials(a)).whenComplete((response, error) -> {
            if (response != null) {
                state.cseq.accumulateAndGet(((javax.sip.header.CSeqHeader) response.getHeader(javax.sip.header.CSeqHeader.NAME))
                        .getSeqNumber(), Math::max); // an authenticated retry took the next number
            }
            if (error != null) {
                LOG.info("PUBLISH of {}'s presence got no answer", a.owner());
                return;
            }
            int code = response.getStatusCode();
            if (code == 412 && retryOn412 && body != null) {
                state.etag = null; // the server forgot our entity: publish anew (RFC 3903 §6)
                send(a, state, expires, body, false);
                return;
            }
            if (code >= 300) {
                LOG.info("PUBLISH of {}'s presence refused: {} {}", a.owner(), code, response.getReasonPhrase());
                return;
            }
            synchronized (state) {
                if (state.refresh != null) {
                    state.refresh.cancel(false);
                }
                if (expires == 0) {
                    state.etag = null;
                    return;
                }
                SIPETagHeader etag = (SIPETagHeader) response.getHeader(SIPETagHeader.NAME);
                state.etag = etag == null ? null : etag.getETag();
                int granted = granted(response, expires);
                long after = granted > 120 ? granted - 60L : Math.max(1, granted / 2L);
                state.refresh = timer.schedule(() -> {
                    synchronized (state) {
                        if (state.etag != null) {
                            send(a, state, EXPIRES, null, false); // a refresh carries no body (RFC 3903 §4.4)
                        }
                    }
                }, after, TimeUnit.SECONDS);
            }
        });
    }

    private static int granted(Response response, int asked) {
        javax.sip.header.ExpiresHeader e = (javax.sip.header.ExpiresHeader) response.getHeader(javax.sip.header.ExpiresHeader.NAME);
        return e != null && e.getExpires() > 0 ? e.getExpires() : asked;
    }

    private Request request(SipAccount a, Published state, int expires, Presence body)
            throws ParseException, javax.sip.InvalidArgumentException {
        SipURI aor = SipFactories.ADDRESSES.createSipURI(a.aor().user(), a.aor().host());
        Request r = SipFactories.MESSAGES.createRequest(aor, Request.PUBLISH,
                SipFactories.HEADERS.createCallIdHeader(state.callId),
                SipFactories.HEADERS.createCSeqHeader(state.cseq.incrementAndGet(), Request.PUBLISH),
                SipFactories.HEADERS.createFromHeader(SipFactories.ADDRESSES.createAddress(aor), state.fromTag),
                SipFactories.HEADERS.createToHeader(SipFactories.ADDRESSES.createAddress(aor), null),
                new ArrayList<>(), SipFactories.HEADERS.createMaxForwardsHeader(70));
        r.addHeader(SipFactories.HEADERS.createEventHeader("presence"));
        r.addHeader(SipFactories.HEADERS.createExpiresHeader(expires));
        if (state.etag != null) {
            r.addHeader(SipFactories.HEADERS.createSIPIfMatchHeader(state.etag));
        }
        Optional<SipURI> route = accounts.route(a);
        if (route.isPresent()) {
            SipURI hop = (SipURI) route.get().clone();
            hop.setLrParam();
            r.addHeader(SipFactories.HEADERS.createRouteHeader(SipFactories.ADDRESSES.createAddress(hop)));
        }
        if (body != null) {
            r.setContent(Pidf.format(aor.toString(), body.availability(), body.status()).getBytes(StandardCharsets.UTF_8),
                    SipFactories.HEADERS.createContentTypeHeader(Pidf.CONTENT_TYPE, Pidf.CONTENT_SUBTYPE));
        }
        return r;
    }
}
