package dev.ferry.sip.gateway;

import dev.ferry.sip.protocol.SipMessageTranslator;
import dev.ferry.sip.transport.SipTransport;
import dev.ferry.sip.transport.SourceRateLimiter;
import dev.ferry.sip.transport.TrustedNetworks;
import dev.ferry.spi.Address;
import dev.ferry.spi.ChatState;
import dev.ferry.spi.Connector;
import dev.ferry.spi.DelegatedRegistrations;
import dev.ferry.spi.ConnectorContext;
import dev.ferry.spi.Delivery;
import dev.ferry.spi.Event;
import dev.ferry.spi.EventSink;
import dev.ferry.spi.Failure;
import dev.ferry.spi.Message;
import dev.ferry.spi.MessageError;
import dev.ferry.spi.Presence;
import dev.ferry.spi.GatewayRegistrations;
import dev.ferry.spi.Registrations;
import dev.ferry.spi.Receipt;
import dev.ferry.spi.Session;
import dev.ferry.spi.Subscription;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import javax.sip.message.Request;

/**
 * Ferry's SIP/SIMPLE network: XMPP users message SIP addresses ({@code bob%host@sip.gw}) and SIP
 * users message XMPP users ({@code sip:alice*example.org@ferry}). Registered with
 * {@link java.util.ServiceLoader}.
 */
public final class SipConnector implements Connector, DelegatedRegistrations {

    private SipGatewaySettings settings;
    private SipTransport transport;
    private ScheduledExecutorService timer;
    private InboundMessages inboundMessages;
    private OutboundMessages outboundMessages;
    private SubscriptionsToSip subscriptionsToSip;
    private SubscriptionsFromSip subscriptionsFromSip;
    private SipAccounts accounts;
    private Registrations registrations;
    private PresencePublisher publisher;

    @Override
    public String network() {
        return "sip";
    }

    @Override
    public Set<String> settingKeys() {
        return SipGatewaySettings.KEYS;
    }

    @Override
    public void start(ConnectorContext context, EventSink inbound) throws Exception {
        try {
            startStack(context, inbound);
        } catch (Exception | Error e) {
            close(); // a port already taken must not leave the stack's threads behind
            throw e;
        }
    }

    private void startStack(ConnectorContext context, EventSink inbound) throws Exception {
        settings = SipGatewaySettings.from(context.settings());
        var identities = context.store().identities();
        SipMessageTranslator translator = new SipMessageTranslator(context.componentDomain(), settings.separator(),
                settings.maxBodySize(), aor -> identities.findJid(network(), aor));
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ferry-sip-timer");
            t.setDaemon(true);
            return t;
        });
        InboundRequests.SipTransportRef ref = () -> transport;
        InboundRequests guard = new InboundRequests(TrustedNetworks.parse(settings.trusted()),
                new SourceRateLimiter(settings.rateLimitPerSecond(), settings.rateLimitBurst()),
                request -> forRegisteredAccount(translator, request));
        inboundMessages = new InboundMessages(translator, inbound, timer, settings.errorWaitMillis(), ref);
        outboundMessages = new OutboundMessages(translator, settings, ref, inbound);
        accounts = new SipAccounts(context.store().settings(), context.store().credentials(), identities, translator, settings,
                ref, timer);
        registrations = new GatewayRegistrations(context.componentDomain(), accounts,
                "register your SIP account at the gateway's address " + context.componentDomain());
        outboundMessages.useAccounts(accounts);
        subscriptionsToSip = new SubscriptionsToSip(translator, settings, ref, inbound, timer, outboundMessages.proxy());
        subscriptionsFromSip = new SubscriptionsFromSip(translator, settings, ref, inbound, timer);
        subscriptionsToSip.useAccounts(accounts);
        publisher = settings.publish() ? new PresencePublisher(accounts, ref, timer) : null;
        // the dispatch table: one handler per SIP method Ferry serves
        Map<String, SipTransport.RequestHandler> handlers = new LinkedHashMap<>();
        handlers.put(Request.MESSAGE, guard.guard(ref, inboundMessages::handle));
        handlers.put(Request.SUBSCRIBE, guard.guard(ref, subscriptionsFromSip::handleSubscribe));
        handlers.put(Request.NOTIFY, guard.guard(ref, subscriptionsToSip::handleNotify));
        handlers.put(Request.OPTIONS, guard.guard(ref, (request, tx, source) -> transport.respond(tx, 200, "OK")));
        transport = new SipTransport(handlers, settings.maxBodySize(), other -> guard.guard(ref, other));
        transport.start(settings.listen(), settings.tlsKeyStore(), settings.tlsKeyStorePassword());
        accounts.registerAll();
    }

    private boolean forRegisteredAccount(SipMessageTranslator translator, Request request) {
        try {
            Address user = translator.recipient(request);
            return accounts != null && accounts.account(user.bare().toString()).isPresent();
        } catch (dev.ferry.sip.protocol.SipRefusal | RuntimeException e) {
            return false;
        }
    }

    // ---- registration (XEP-0077) on the gateway's own address: the user's SIP account ----

    @Override
    public Registrations registrations() {
        return registrations;
    }

    @Override
    public Session open(Address user) {
        Address bare = user.bare();
        return new Session() {
            @Override
            public Address user() {
                return bare;
            }

            @Override
            public CompletionStage<Delivery> send(Event event) {
                return SipConnector.this.send(event);
            }

            @Override
            public void close() {
                // per-user state (registrations, subscriptions) lives in the connector, not here
            }
        };
    }

    private CompletionStage<Delivery> send(Event event) {
        if (event instanceof Message m) {
            return outboundMessages.send(m);
        }
        if (event instanceof ChatState c) {
            return outboundMessages.send(c);
        }
        if (event instanceof MessageError e) {
            return inboundMessages.xmppError(e).<CompletionStage<Delivery>>map(CompletableFuture::completedFuture)
                    .orElseGet(() -> outboundMessages.bounce(e));
        }
        if (event instanceof Receipt) {
            return CompletableFuture.completedFuture(Delivery.delivered()); // SIP has no read receipts (IMDN is not spoken)
        }
        if (event instanceof Presence p) {
            if (publisher != null) {
                publisher.publish(p);
            }
            return subscriptionsFromSip.presence(p);
        }
        if (event instanceof Subscription s) {
            switch (s.kind()) {
                case SUBSCRIBE: return subscriptionsToSip.subscribe(s);
                case UNSUBSCRIBE: return subscriptionsToSip.unsubscribe(s);
                case SUBSCRIBED: case UNSUBSCRIBED: return subscriptionsFromSip.answer(s);
                default: return CompletableFuture.completedFuture(Delivery.delivered()); // a probe: NOTIFYs come by themselves
            }
        }
        return CompletableFuture.completedFuture(Delivery.failed(Failure.FEATURE_NOT_IMPLEMENTED,
                "SIP cannot carry " + event.getClass().getSimpleName()));
    }

    /** The port Ferry listens on for {@code transport} ({@code udp}, {@code tcp}); -1 when it does not. */
    public int port(String transportName) {
        return transport == null ? -1 : transport.port(transportName);
    }

    @Override
    public void close() {
        if (transport != null) {
            transport.close();
        }
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
