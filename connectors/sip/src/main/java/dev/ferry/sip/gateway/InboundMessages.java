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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sip.ServerTransaction;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
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
 *
 * <p>A request Ferry already took can come again as a new transaction: the sender retransmits
 * after a proxy between lost the answer (killed and restarted with a new Via branch), or a fork
 * merges (RFC 3261 §8.2.2.2). Matched by From tag, Call-ID and CSeq for 64*T1 (32 s), it gets the
 * first one's answer and is not passed to XMPP twice.
 */
final class InboundMessages {

    private static final Logger LOG = LoggerFactory.getLogger(InboundMessages.class);

    private final SipMessageTranslator translator;
    private final EventSink inbound;
    private final ScheduledExecutorService timer;
    private final int errorWaitMillis;
    private final InboundRequests.SipTransportRef transport;
    /** 64*T1: how long a copy of a request can still come (RFC 3261 §17.2). */
    private static final long SAME_REQUEST_SECONDS = 32;
    /** At 4,000 MESSAGEs a second for 32 s, each entry ~200 bytes: ~25 MiB at most. */
    private static final int SAME_REQUEST_MAX = 131_072;

    /** How a request was answered. */
    private record Answer(int code, String reason) {
    }

    /** A request passed to XMPP and not answered yet. */
    private record Pending(ServerTransaction tx, CompletableFuture<Answer> answer) {
    }

    private final Map<String, Pending> waiting = new ConcurrentHashMap<>();
    /** Answers to requests taken in the last 32 s, by From tag, Call-ID and CSeq. */
    private final RecentRequests<CompletableFuture<Answer>> taken =
            new RecentRequests<>(TimeUnit.SECONDS.toNanos(SAME_REQUEST_SECONDS), SAME_REQUEST_MAX, System::nanoTime);

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
        Pending pending = new Pending(tx, new CompletableFuture<>());
        String key = sameRequestKey(request);
        CompletableFuture<Answer> earlier = key == null ? null : taken.putIfAbsent(key, pending.answer());
        if (earlier != null) {
            LOG.debug("MESSAGE {} from {} came again as a new transaction; it gets the first one's answer", key, source);
            earlier.thenAccept(a -> transport.get().respond(tx, a.code(), a.reason()));
            return;
        }
        String id = event instanceof Message m ? m.id() : null;
        if (id != null) {
            waiting.put(id, pending);
        }
        inbound.accept(event).whenComplete((delivery, error) -> {
            if (error != null || delivery.isFailed()) {
                if (id != null) {
                    waiting.remove(id);
                }
                int code = error != null ? 500 : SipErrors.code(delivery.failure().orElseThrow());
                respond(pending, code, error != null ? "Server Internal Error" : delivery.detail());
            } else if (id == null) {
                respond(pending, 202, "Accepted");
            } else if (errorWaitMillis == 0) {
                answerAccepted(id);
            } else {
                timer.schedule(() -> answerAccepted(id), errorWaitMillis, TimeUnit.MILLISECONDS);
            }
        });
    }

    private void answerAccepted(String id) {
        Pending pending = waiting.remove(id);
        if (pending != null) {
            respond(pending, 202, "Accepted");
        }
    }

    private void respond(Pending pending, int code, String reason) {
        transport.get().respond(pending.tx(), code, reason);
        pending.answer().complete(new Answer(code, reason));
    }

    /** From tag, Call-ID and CSeq: the same for every copy of one request; null if it lacks one. */
    static String sameRequestKey(Request request) {
        FromHeader from = (FromHeader) request.getHeader(FromHeader.NAME);
        CallIdHeader callId = (CallIdHeader) request.getHeader(CallIdHeader.NAME);
        CSeqHeader cseq = (CSeqHeader) request.getHeader(CSeqHeader.NAME);
        if (from == null || from.getTag() == null || callId == null || cseq == null) {
            return null;
        }
        return from.getTag() + "|" + callId.getCallId() + "|" + cseq.getSeqNumber() + " " + cseq.getMethod();
    }

    /**
     * An XMPP error about a message that came from SIP: the SIP response, if its transaction is
     * still waiting; else empty, and the caller tells the sender another way.
     */
    Optional<Delivery> xmppError(MessageError error) {
        Pending pending = waiting.remove(error.messageId());
        if (pending == null) {
            return Optional.empty();
        }
        int code = SipErrors.code(error.failure());
        String reason = error.text().orElse(error.failure().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        respond(pending, code, reason);
        return Optional.of(Delivery.delivered());
    }
}
