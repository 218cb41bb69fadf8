package dev.ferry.sip.gateway;

import dev.ferry.mappings.address.AddressException;
import dev.ferry.sip.protocol.SipErrors;
import dev.ferry.sip.protocol.SipFactories;
import dev.ferry.sip.protocol.SipMessageTranslator;
import dev.ferry.sip.transport.SipTransport;
import dev.ferry.spi.Address;
import dev.ferry.spi.ChatState;
import dev.ferry.spi.Delivery;
import dev.ferry.spi.EventSink;
import dev.ferry.spi.Failure;
import dev.ferry.spi.Message;
import dev.ferry.spi.MessageError;
import dev.ferry.spi.Receipt;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import javax.sip.address.SipURI;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * XMPP → SIP MESSAGE. A 2xx is delivered; an error response becomes the RFC 7247 stanza error
 * the XMPP sender sees; no answer in Timer F is remote-server-timeout.
 *
 * <p>XEP-0184: a receipt is sent to the XMPP sender only for a {@code 200 OK}. RFC 3428 §7 has a
 * 200 come from the UAS that took the message (delivered to the user's device), while a
 * {@code 202 Accepted} only means a store-and-forward server or gateway took it on; so 202 (and any
 * other 2xx) completes the delivery without a receipt.
 */
final class OutboundMessages {

    private final SipMessageTranslator translator;
    private final SipGatewaySettings settings;
    private final InboundRequests.SipTransportRef transport;
    private final EventSink inbound;
    private final Optional<SipURI> proxy;
    private SipAccounts accounts;

    OutboundMessages(SipMessageTranslator translator, SipGatewaySettings settings, InboundRequests.SipTransportRef transport,
                     EventSink inbound) {
        this.translator = translator;
        this.settings = settings;
        this.transport = transport;
        this.inbound = inbound;
        this.proxy = settings.outboundProxy().map(OutboundMessages::uri);
    }

    private static SipURI uri(String spec) {
        try {
            return (SipURI) SipFactories.ADDRESSES.createURI(spec);
        } catch (ParseException e) {
            throw new IllegalArgumentException("sip.outbound-proxy: " + e.getMessage());
        }
    }

    /** Where a user's requests come from: their registered account (AOR, its proxy, its credentials), else the gateway identity. */
    private record Origin(SipURI from, Optional<SipURI> route, Optional<Challenges.Credentials> credentials) {
    }

    void useAccounts(SipAccounts accounts) {
        this.accounts = accounts;
    }

    private Origin origin(Address user) throws ParseException {
        Optional<SipAccount> account = accounts == null ? Optional.empty() : accounts.account(user.bare().toString());
        if (account.isPresent()) {
            SipAccount a = account.get();
            return new Origin(SipFactories.ADDRESSES.createSipURI(a.aor().user(), a.aor().host()), accounts.route(a),
                    accounts.credentials(a));
        }
        return new Origin(translator.identity(user, settings.advertisedHost()), proxy, Optional.empty());
    }

    Optional<SipURI> proxy() {
        return proxy;
    }

    CompletionStage<Delivery> send(Message message) {
        if (message.kind() == Message.Kind.GROUPCHAT) {
            return done(Delivery.failed(Failure.FEATURE_NOT_IMPLEMENTED, "SIP has no group chats"));
        }
        if (message.body().getBytes(StandardCharsets.UTF_8).length > settings.maxBodySize()) {
            return done(Delivery.failed(Failure.POLICY_VIOLATION,
                    "the message is longer than the " + settings.maxBodySize() + " bytes SIP messages may have here (sip.max-body-size)"));
        }
        Request request;
        Origin origin;
        try {
            origin = origin(message.from());
            request = translator.toSip(message, origin.from(), origin.route());
        } catch (AddressException e) {
            return done(Delivery.failed(Failure.ITEM_NOT_FOUND, e.getMessage()));
        } catch (ParseException e) {
            return done(Delivery.failed(Failure.BAD_REQUEST, "cannot be written as SIP: " + e.getMessage()));
        }
        return Challenges.send(transport.get(), request, origin.credentials()).handle((response, error) -> {
            Delivery d = outcome(request, response, error);
            if (!d.isFailed() && message.receiptRequested() && response.getStatusCode() == Response.OK) {
                inbound.accept(new Receipt(message.to().bare(), message.from(), message.id()));
            }
            return d;
        });
    }

    CompletionStage<Delivery> send(ChatState state) {
        Request request;
        Origin origin;
        try {
            origin = origin(state.from());
            request = translator.toSip(state, origin.from(), origin.route());
        } catch (AddressException e) {
            return done(Delivery.failed(Failure.ITEM_NOT_FOUND, e.getMessage()));
        } catch (ParseException e) {
            return done(Delivery.failed(Failure.BAD_REQUEST, "cannot be written as SIP: " + e.getMessage()));
        }
        return Challenges.send(transport.get(), request, origin.credentials()).handle((response, error) -> outcome(request, response, error));
    }

    /**
     * An XMPP error about a message from SIP whose transaction was already answered: told to the
     * SIP sender as a MESSAGE from the XMPP address that refused it (the reverse path of a reply).
     */
    CompletionStage<Delivery> bounce(MessageError error) {
        String text = "Your message could not be delivered: "
                + error.failure().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
                + error.text().map(t -> " (" + t + ")").orElse("");
        Message notice = Message.chat(error.from().bare(), error.to().bare(), "bounce-" + error.messageId(), text);
        return send(notice);
    }

    private static Delivery outcome(Request request, Response response, Throwable error) {
        if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof SipTransport.NoResponse n) {
                return Delivery.failed(n.timeout() ? Failure.REMOTE_SERVER_TIMEOUT : Failure.REMOTE_SERVER_NOT_FOUND,
                        n.getMessage() + " (" + request.getRequestURI() + ")");
            }
            return Delivery.failed(Failure.INTERNAL_SERVER_ERROR, cause.toString());
        }
        int code = response.getStatusCode();
        if (code < 300) {
            return Delivery.delivered();
        }
        return Delivery.failed(SipErrors.failure(code), "SIP " + code + " " + response.getReasonPhrase()
                + " from " + request.getRequestURI());
    }

    private static CompletionStage<Delivery> done(Delivery d) {
        return CompletableFuture.completedFuture(d);
    }
}
