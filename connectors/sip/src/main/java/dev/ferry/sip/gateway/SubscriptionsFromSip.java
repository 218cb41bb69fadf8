package dev.ferry.sip.gateway;

import dev.ferry.sip.protocol.Pidf;
import dev.ferry.sip.protocol.SipDialog;
import dev.ferry.sip.protocol.SipFactories;
import dev.ferry.sip.protocol.SipMessageTranslator;
import dev.ferry.sip.protocol.SipRefusal;
import dev.ferry.spi.Address;
import dev.ferry.spi.Delivery;
import dev.ferry.spi.EventSink;
import dev.ferry.spi.Presence;
import dev.ferry.spi.Subscription;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
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
import javax.sip.header.CallIdHeader;
import javax.sip.header.EventHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIP watchers of XMPP users (RFC 7248 §5): a SIP SUBSCRIBE to {@code sip:alice*example.org@ferry}
 * is answered 200 with a {@code pending} NOTIFY, and becomes an XMPP subscription request from the
 * watcher's gateway address. Only when the XMPP user approves (subscribed) does the watcher get
 * {@code active} NOTIFYs, built from the presence XMPP sends the watcher (a probe asks for the
 * current one at once); a refusal terminates the subscription ({@code rejected}).
 */
final class SubscriptionsFromSip {

    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionsFromSip.class);
    static final int MAX_EXPIRES = 3600;

    private static final class Watcher {
        final Address watcher;
        final Address user;
        final SipDialog dialog;
        volatile boolean active;
        volatile long expiresAtMillis;
        volatile Presence last;
        volatile ScheduledFuture<?> expiry;

        Watcher(Address watcher, Address user, SipDialog dialog) {
            this.watcher = watcher;
            this.user = user;
            this.dialog = dialog;
        }
    }

    private final SipMessageTranslator translator;
    private final SipGatewaySettings settings;
    private final InboundRequests.SipTransportRef transport;
    private final EventSink inbound;
    private final ScheduledExecutorService timer;
    private final Map<String, Watcher> byCallId = new ConcurrentHashMap<>();
    private final Map<String, Watcher> byPair = new ConcurrentHashMap<>();

    SubscriptionsFromSip(SipMessageTranslator translator, SipGatewaySettings settings, InboundRequests.SipTransportRef transport,
                         EventSink inbound, ScheduledExecutorService timer) {
        this.translator = translator;
        this.settings = settings;
        this.transport = transport;
        this.inbound = inbound;
        this.timer = timer;
    }

    private static String pair(Address user, Address watcher) {
        return user.bare() + " " + watcher.bare();
    }

    void handleSubscribe(Request request, ServerTransaction tx, InetAddress source) {
        EventHeader event = (EventHeader) request.getHeader(EventHeader.NAME);
        if (event == null || !"presence".equalsIgnoreCase(event.getEventType())) {
            try {
                Response r = transport.get().response(tx, 489);
                r.setReasonPhrase("Bad Event: only presence is served");
                r.addHeader(SipFactories.HEADERS.createAllowEventsHeader("presence"));
                transport.get().respond(tx, r);
            } catch (ParseException e) {
                transport.get().respond(tx, 489, "Bad Event");
            }
            return;
        }
        ExpiresHeader expiresHeader = (ExpiresHeader) request.getHeader(ExpiresHeader.NAME);
        int expires = Math.min(MAX_EXPIRES, expiresHeader == null ? MAX_EXPIRES : expiresHeader.getExpires());
        String toTag = ((ToHeader) request.getHeader(ToHeader.NAME)).getTag();
        if (toTag != null) {
            refreshOrEnd(request, tx, expires);
            return;
        }
        Address user;
        Address watcherAddress;
        try {
            user = translator.recipient(request);
            watcherAddress = translator.sender(request);
        } catch (SipRefusal r) {
            transport.get().respond(tx, r.code(), r.reason());
            return;
        }
        Watcher w;
        try {
            w = new Watcher(watcherAddress, user, SipDialog.accepted(request, translator.identity(user, settings.advertisedHost())));
        } catch (ParseException | RuntimeException e) {
            transport.get().respond(tx, 400, "Bad Request: " + e.getMessage());
            return;
        }
        Watcher old = byPair.put(pair(user, watcherAddress), w);
        if (old != null) {
            end(old);
        }
        byCallId.put(w.dialog.callId(), w);
        accept(tx, w, expires);
        if (expires == 0) {
            notifyWatcher(w, "terminated;reason=timeout");
            end(w);
            return;
        }
        notifyWatcher(w, "pending;expires=" + expires);
        inbound.accept(new Subscription(watcherAddress, user, Subscription.Kind.SUBSCRIBE));
    }

    private void refreshOrEnd(Request request, ServerTransaction tx, int expires) {
        Watcher w = byCallId.get(((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId());
        if (w == null) {
            transport.get().respond(tx, 481, "Subscription Does Not Exist");
            return;
        }
        accept(tx, w, expires);
        if (expires == 0) {
            notifyWatcher(w, "terminated;reason=timeout");
            end(w);
            inbound.accept(new Subscription(w.watcher, w.user, Subscription.Kind.UNSUBSCRIBE));
            return;
        }
        notifyWatcher(w, state(w, expires));
    }

    /** 200 OK with Ferry's tag, its Contact and the granted Expires; the subscription lapses unless refreshed. */
    private void accept(ServerTransaction tx, Watcher w, int expires) {
        try {
            Response r = transport.get().response(tx, 200);
            ((ToHeader) r.getHeader(ToHeader.NAME)).setTag(w.dialog.localTag());
            r.addHeader(SipFactories.HEADERS.createExpiresHeader(expires));
            r.addHeader(SipFactories.HEADERS.createContactHeader(SipFactories.ADDRESSES.createAddress(contact(w))));
            transport.get().respond(tx, r);
        } catch (ParseException | javax.sip.InvalidArgumentException e) {
            transport.get().respond(tx, 500, "Server Internal Error");
            return;
        }
        w.expiresAtMillis = System.currentTimeMillis() + expires * 1000L;
        if (w.expiry != null) {
            w.expiry.cancel(false);
        }
        if (expires > 0) {
            w.expiry = timer.schedule(() -> {
                notifyWatcher(w, "terminated;reason=timeout");
                end(w);
            }, expires, TimeUnit.SECONDS);
        }
    }

    private SipURI contact(Watcher w) throws ParseException {
        SipURI c = translator.identity(w.user, settings.advertisedHost());
        try {
            c.setPort(transport.get().port("udp"));
        } catch (RuntimeException e) {
            // no port known: the default
        }
        return c;
    }

    /** The XMPP user answered the subscription request. */
    CompletionStage<Delivery> answer(Subscription s) {
        Watcher w = byPair.get(pair(s.from(), s.to()));
        if (w == null) {
            return CompletableFuture.completedFuture(Delivery.delivered()); // no SIP watcher waits for it
        }
        if (s.kind() == Subscription.Kind.SUBSCRIBED) {
            if (!w.active) {
                w.active = true;
                notifyWatcher(w, state(w, remaining(w)));
                // the watcher wants the current presence now, not at the next change
                inbound.accept(new Subscription(w.watcher, w.user, Subscription.Kind.PROBE));
            }
        } else {
            notifyWatcher(w, "terminated;reason=rejected");
            end(w);
        }
        return CompletableFuture.completedFuture(Delivery.delivered());
    }

    /** Presence of an XMPP user sent to a SIP watcher's address: a NOTIFY when the watcher is approved. */
    CompletionStage<Delivery> presence(Presence p) {
        Watcher w = byPair.get(pair(p.from(), p.to()));
        if (w == null) {
            return CompletableFuture.completedFuture(Delivery.delivered()); // nobody on SIP watches: nothing to tell
        }
        w.last = p;
        if (w.active) {
            notifyWatcher(w, state(w, remaining(w)));
        }
        return CompletableFuture.completedFuture(Delivery.delivered());
    }

    private static int remaining(Watcher w) {
        return (int) Math.max(0, (w.expiresAtMillis - System.currentTimeMillis()) / 1000);
    }

    private static String state(Watcher w, int expires) {
        return (w.active ? "active" : "pending") + ";expires=" + expires;
    }

    private void notifyWatcher(Watcher w, String subscriptionState) {
        try {
            Request n = w.dialog.request(Request.NOTIFY);
            n.addHeader(SipFactories.HEADERS.createEventHeader("presence"));
            n.addHeader(SipFactories.HEADERS.createHeader("Subscription-State", subscriptionState));
            n.addHeader(SipFactories.HEADERS.createContactHeader(SipFactories.ADDRESSES.createAddress(contact(w))));
            if (w.active && subscriptionState.startsWith("active")) {
                Presence p = w.last;
                String doc = Pidf.format(translator.identity(w.user, settings.advertisedHost()).toString(),
                        p == null ? Presence.Availability.UNAVAILABLE : p.availability(),
                        p == null ? Optional.empty() : p.status());
                n.setContent(doc.getBytes(StandardCharsets.UTF_8),
                        SipFactories.HEADERS.createContentTypeHeader(Pidf.CONTENT_TYPE, Pidf.CONTENT_SUBTYPE));
            }
            transport.get().send(n).whenComplete((response, error) -> {
                if (response != null && response.getStatusCode() == 481) {
                    end(w); // the watcher forgot the subscription
                }
            });
        } catch (ParseException e) {
            LOG.debug("NOTIFY to {} not built: {}", w.watcher, e.getMessage());
        }
    }

    private void end(Watcher w) {
        byCallId.remove(w.dialog.callId(), w);
        byPair.remove(pair(w.user, w.watcher), w);
        if (w.expiry != null) {
            w.expiry.cancel(false);
        }
    }
}
