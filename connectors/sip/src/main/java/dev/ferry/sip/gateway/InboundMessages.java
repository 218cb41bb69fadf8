package dev.ferry.sip.gateway;

import dev.ferry.sip.protocol.SipErrors;
import dev.ferry.sip.protocol.SipMessageTranslator;
import dev.ferry.sip.protocol.SipRefusal;
import dev.ferry.spi.Delivery;
import dev.ferry.spi.Event;
import dev.ferry.spi.EventSink;
import dev.ferry.spi.Message;
import dev.ferry.spi.MessageError;
import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sip.ServerTransaction;
import javax.sip.message.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIP MESSAGE → XMPP. What Ferry answers (RFC 7572 §5, RFC 3428 §7):
 * <ul>
 * <li>the request cannot be mapped (address, size, content): its error, 4xx;</li>
 * <li>the bridge could not hand the message to XMPP: the RFC 7247 code of its failure;</li>
 * <li>the XMPP server bounced it within {@code sip.error-wait-ms} (an unknown account, a
 *     refused stanza): the RFC 7247 code of the XMPP error, in the same transaction;</li>
 * <li>otherwise {@code 202 Accepted}: handed to XMPP (or kept in Ferry's outbox while the link
 *     is down), not known to be read — XMPP has no delivery acknowledgement, so never 200.</li>
 * </ul>
 * An XMPP error that comes later than that, when the transaction is answered, is sent back to the
 * SIP sender as a MESSAGE of its own ({@link OutboundMessages#bounce}), so nothing is lost.
 */
final class InboundMessages {

    private static final Logger LOG = LoggerFactory.getLogger(InboundMessages.class);

    private final SipMessageTranslator translator;
    private final EventSink inbound;
    private final ScheduledExecutorService timer;
    private final int errorWaitMillis;
    private final InboundRequests.SipTransportRef transport;
    private final Map<String, ServerTransaction> waiting = new ConcurrentHashMap<>();

    InboundMessages(SipMessageTranslator translator, EventSink inbound, ScheduledExecutorService timer,
                    int errorWaitMillis, InboundRequests.SipTransportRef transport) {
        this.translator = translator;
        this.inbound = inbound;
        this.timer = timer;
        this.errorWaitMillis = errorWaitMillis;
        this.transport = transport;
    }

    void handle(Request request, ServerTransaction tx, InetAddress source) {
        Event event;
        try {
            event = translator.fromSip(request);
        } catch (SipRefusal r) {
            LOG.debug("MESSAGE from {} refused: {} {}", source, r.code(), r.reason());
            transport.get().respond(tx, r.code(), r.reason());
            return;
        }
        String id = event instanceof Message m ? m.id() : null;
        if (id != null) {
            waiting.put(id, tx);
        }
        inbound.accept(event).whenComplete((delivery, error) -> {
            if (error != null || delivery.isFailed()) {
                if (id != null) {
                    waiting.remove(id);
                }
                int code = error != null ? 500 : SipErrors.code(delivery.failure().orElseThrow());
                transport.get().respond(tx, code, error != null ? "Server Internal Error" : delivery.detail());
            } else if (id == null) {
                transport.get().respond(tx, 202, "Accepted");
            } else if (errorWaitMillis == 0) {
                answerAccepted(id);
            } else {
                timer.schedule(() -> answerAccepted(id), errorWaitMillis, TimeUnit.MILLISECONDS);
            }
        });
    }

    private void answerAccepted(String id) {
        ServerTransaction tx = waiting.remove(id);
        if (tx != null) {
            transport.get().respond(tx, 202, "Accepted");
        }
    }

    /**
     * An XMPP error about a message that came from SIP: the SIP response, if its transaction is
     * still waiting; else empty, and the caller tells the sender another way.
     */
    Optional<Delivery> xmppError(MessageError error) {
        ServerTransaction tx = waiting.remove(error.messageId());
        if (tx == null) {
            return Optional.empty();
        }
        int code = SipErrors.code(error.failure());
        String reason = error.text().orElse(error.failure().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        transport.get().respond(tx, code, reason);
        return Optional.of(Delivery.delivered());
    }
}
