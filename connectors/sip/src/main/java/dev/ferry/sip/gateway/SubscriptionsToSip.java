package dev.ferry.sip.gateway;

import dev.ferry.mappings.address.AddressException;
import dev.ferry.sip.protocol.Pidf;
import dev.ferry.sip.protocol.SipDialog;
import dev.ferry.sip.protocol.SipErrors;
import dev.ferry.sip.protocol.SipFactories;
import dev.ferry.sip.protocol.SipMessageTranslator;
import dev.ferry.mappings.address.SipAddress;
import dev.ferry.spi.Address;
import dev.ferry.spi.Delivery;
import dev.ferry.spi.EventSink;
import dev.ferry.spi.Failure;
import dev.ferry.spi.Presence;
import dev.ferry.spi.Subscription;
import java.net.InetAddress;
import java.text.ParseException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.sip.ServerTransaction;
import javax.sip.address.SipURI;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.SubscriptionStateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * XMPP users watching SIP contacts (RFC 7248 §4): an XMPP subscribe becomes a SIP SUBSCRIBE
 * (Event: presence), refreshed before it expires and ended by unsubscribe; each NOTIFY's
 * Subscription-State and PIDF come back to XMPP as subscribed / unsubscribed and presence.
 */
final class SubscriptionsToSip {

    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionsToSip.class);
    static final int EXPIRES = 3600;

    /** One XMPP user's subscription to one SIP contact. */
    private static final class Watch {
        final Address user;
        final Address contact;
        final SipDialog dialog;
        volatile boolean active;
        volatile ScheduledFuture<?> refresh;

        Watch(Address user, Address contact, SipDialog dialog) {
            this.user = user;
            this.contact = contact;
            this.dialog = dialog;
        }
    }

    private final SipMessageTranslator translator;
    private final SipGatewaySettings settings;
    private final InboundRequests.SipTransportRef transport;
    private final EventSink inbound;
    private final ScheduledExecutorService timer;
    private final Optional<SipURI> proxy;
    private final Map<String, Watch> byCallId = new ConcurrentHashMap<>();
    private final Map<String, Watch> byPair = new ConcurrentHashMap<>();
    private SipAccounts accounts;

    SubscriptionsToSip(SipMessageTranslator translator, SipGatewaySettings settings, InboundRequests.SipTransportRef transport,
                       EventSink inbound, ScheduledExecutorService timer, Optional<SipURI> proxy) {
        this.translator = translator;
        this.settings = settings;
        this.transport = transport;
        this.inbound = inbound;
        this.timer = timer;
        this.proxy = proxy;
    }

    /** Users with a registered SIP account watch as their AOR, through their registrar. */
    void useAccounts(SipAccounts accounts) {
        this.accounts = accounts;
    }

    private Optional<SipAccount> account(Address user) {
        return accounts == null ? Optional.empty() : accounts.account(user.bare().toString());
    }

    private java.util.concurrent.CompletableFuture<Response> send(Watch watch, Request request) {
        Optional<SipAccount> a = account(watch.user);
        return Challenges.send(transport.get(), request, a.flatMap(accounts::credentials)).whenComplete((response, error) -> {
            if (response != null) {
                watch.dialog.sent(((javax.sip.header.CSeqHeader) response.getHeader(javax.sip.header.CSeqHeader.NAME)).getSeqNumber());
            }
        });
    }

    private static String pair(Address user, Address contact) {
        return user.bare() + " " + contact.bare();
    }

    CompletionStage<Delivery> subscribe(Subscription s) {
        Address user = s.from().bare();
        Address contact = s.to().bare();
        if (byPair.containsKey(pair(user, contact))) {
            return CompletableFuture.completedFuture(Delivery.delivered()); // already watching; the next NOTIFY says more
        }
        SipDialog dialog;
        Request request;
        try {
            SipAddress target = SipMessageTranslator.target(contact);
            Optional<SipAccount> account = account(user);
            SipURI me = account.isPresent()
                    ? SipFactories.ADDRESSES.createSipURI(account.get().aor().user(), account.get().aor().host())
                    : translator.identity(user, settings.advertisedHost());
            dialog = SipDialog.open(me, SipFactories.ADDRESSES.createSipURI(target.user(), target.host()), settings.advertisedHost());
            request = subscribeRequest(dialog, EXPIRES, account.isPresent() ? accounts.route(account.get()) : proxy,
                    translator.identity(user, settings.advertisedHost()).getUser());
        } catch (AddressException e) {
            return CompletableFuture.completedFuture(Delivery.failed(Failure.ITEM_NOT_FOUND, e.getMessage()));
        } catch (ParseException e) {
            return CompletableFuture.completedFuture(Delivery.failed(Failure.BAD_REQUEST, e.getMessage()));
        }
        Watch watch = new Watch(user, contact, dialog);
        byCallId.put(dialog.callId(), watch);
        byPair.put(pair(user, contact), watch);
        return send(watch, request).handle((response, error) -> {
            if (error != null || response.getStatusCode() >= 300) {
                forget(watch);
                Delivery d = error != null
                        ? Delivery.failed(Failure.REMOTE_SERVER_TIMEOUT, "no answer to SUBSCRIBE for " + contact)
                        : Delivery.failed(SipErrors.failure(response.getStatusCode()),
                        "SIP " + response.getStatusCode() + " " + response.getReasonPhrase() + " to SUBSCRIBE");
                inbound.accept(new Subscription(contact, user, Subscription.Kind.UNSUBSCRIBED));
                return d;
            }
            dialog.learn(response, false);
            scheduleRefresh(watch, expires(response, EXPIRES));
            return Delivery.delivered();
        });
    }

    CompletionStage<Delivery> unsubscribe(Subscription s) {
        Watch watch = byPair.get(pair(s.from(), s.to()));
        if (watch == null) {
            return CompletableFuture.completedFuture(Delivery.delivered());
        }
        forget(watch);
        try {
            send(watch, subscribeRequest(watch.dialog, 0, Optional.empty(), contactUser(watch)));
        } catch (ParseException e) {
            LOG.debug("cannot end the subscription of {} to {}: {}", watch.user, watch.contact, e.getMessage());
        }
        return CompletableFuture.completedFuture(Delivery.delivered());
    }

    private String contactUser(Watch watch) throws ParseException {
        return translator.identity(watch.user, settings.advertisedHost()).getUser();
    }

    /** A SUBSCRIBE in the dialog; {@code route} only on the first (later ones go to the remote target). */
    private Request subscribeRequest(SipDialog dialog, int expires, Optional<SipURI> route, String contactUser) throws ParseException {
        Request r = dialog.request(Request.SUBSCRIBE);
        try {
            r.addHeader(SipFactories.HEADERS.createEventHeader("presence"));
            r.addHeader(SipFactories.HEADERS.createAcceptHeader(Pidf.CONTENT_TYPE, Pidf.CONTENT_SUBTYPE));
            r.addHeader(SipFactories.HEADERS.createExpiresHeader(expires));
            // the contact is the user's address on Ferry, whatever identity the From shows
            SipURI contact = SipFactories.ADDRESSES.createSipURI(contactUser, settings.advertisedHost());
            contact.setPort(transport.get().port("udp"));
            r.addHeader(SipFactories.HEADERS.createContactHeader(SipFactories.ADDRESSES.createAddress(contact)));
        } catch (javax.sip.InvalidArgumentException e) {
            throw new ParseException(e.getMessage(), 0);
        }
        if (route.isPresent()) {
            SipURI hop = (SipURI) route.get().clone();
            hop.setLrParam();
            r.addHeader(SipFactories.HEADERS.createRouteHeader(SipFactories.ADDRESSES.createAddress(hop)));
        }
        return r;
    }

    /** RFC 6665 §4.1.2.1: refresh well before expiry — a minute early, or halfway for short ones. */
    private void scheduleRefresh(Watch watch, int expires) {
        if (watch.refresh != null) {
            watch.refresh.cancel(false);
        }
        long after = expires > 120 ? expires - 60L : Math.max(1, expires / 2L);
        watch.refresh = timer.schedule(() -> refresh(watch), after, TimeUnit.SECONDS);
    }

    private void refresh(Watch watch) {
        if (byCallId.get(watch.dialog.callId()) != watch) {
            return;
        }
        try {
            send(watch, subscribeRequest(watch.dialog, EXPIRES, Optional.empty(), contactUser(watch))).whenComplete((response, error) -> {
                if (error == null && response.getStatusCode() < 300) {
                    scheduleRefresh(watch, expires(response, EXPIRES));
                } else {
                    LOG.info("subscription of {} to {} ended: refresh got {}", watch.user, watch.contact,
                            error != null ? error.getMessage() : response.getStatusCode());
                    forget(watch);
                    inbound.accept(new Presence(watch.contact, watch.user, Presence.Availability.UNAVAILABLE, Optional.empty(), 0));
                }
            });
        } catch (ParseException e) {
            forget(watch);
        }
    }

    /** A NOTIFY for one of the watches: presence, and the subscription's state, to XMPP. */
    void handleNotify(Request request, ServerTransaction tx, InetAddress source) {
        String callId = ((javax.sip.header.CallIdHeader) request.getHeader("Call-ID")).getCallId();
        Watch watch = byCallId.get(callId);
        if (watch == null) {
            transport.get().respond(tx, 481, "Subscription Does Not Exist");
            return;
        }
        watch.dialog.learn(request, true);
        SubscriptionStateHeader state = (SubscriptionStateHeader) request.getHeader(SubscriptionStateHeader.NAME);
        String st = state == null ? "active" : state.getState().toLowerCase(java.util.Locale.ROOT);
        Optional<Pidf.Status> pidf = request.getRawContent() == null ? Optional.empty() : Pidf.parse(request.getRawContent());
        if (request.getRawContent() != null && request.getRawContent().length > 0 && pidf.isEmpty()) {
            transport.get().respond(tx, 415, "Unsupported Media Type: presence documents are PIDF (application/pidf+xml)");
            return;
        }
        transport.get().respond(tx, 200, "OK");
        if (st.equals("active") && !watch.active) {
            watch.active = true;
            inbound.accept(new Subscription(watch.contact, watch.user, Subscription.Kind.SUBSCRIBED));
        }
        pidf.ifPresent(p -> inbound.accept(new Presence(watch.contact, watch.user, p.availability(), p.note(), 0)));
        if (st.equals("terminated")) {
            forget(watch);
            inbound.accept(new Presence(watch.contact, watch.user, Presence.Availability.UNAVAILABLE, Optional.empty(), 0));
            String reason = state.getReasonCode();
            if (reason != null && (reason.equalsIgnoreCase("rejected") || reason.equalsIgnoreCase("noresource"))) {
                inbound.accept(new Subscription(watch.contact, watch.user, Subscription.Kind.UNSUBSCRIBED));
            }
        }
    }

    boolean owns(String callId) {
        return byCallId.containsKey(callId);
    }

    private void forget(Watch watch) {
        byCallId.remove(watch.dialog.callId(), watch);
        byPair.remove(pair(watch.user, watch.contact), watch);
        if (watch.refresh != null) {
            watch.refresh.cancel(false);
        }
    }

    private static int expires(Response response, int dflt) {
        ExpiresHeader e = (ExpiresHeader) response.getHeader(ExpiresHeader.NAME);
        return e == null ? dflt : e.getExpires();
    }
}
