package dev.ferry.bridge.service;

import org.jivesoftware.smack.packet.ErrorIQ;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.StanzaError;
import org.jxmpp.jid.Jid;

/**
 * Error replies to IQs. Smack's {@code IQ.createErrorResponse} echoes the request's child, which
 * it cannot re-serialize for payloads it does not know; RFC 6120 lets an error leave it out, so we do.
 */
public final class IqErrors {

    private IqErrors() {
    }

    public static IQ error(IQ request, StanzaError.Condition condition, String text) {
        return error(request.getStanzaId(), request.getFrom(), request.getTo(), condition, text);
    }

    /** The error for a request known only by its id and addresses (e.g. one refused unread). */
    public static IQ error(String id, Jid requester, Jid responder, StanzaError.Condition condition, String text) {
        StanzaError.Builder error = StanzaError.getBuilder(condition);
        if (text != null && !text.isEmpty()) {
            error.setDescriptiveEnText(text);
        }
        // Not ErrorIQ.builder(error): in Smack 4.4.8 it sets type=error on the shared IqData.EMPTY,
        // after which every IQ made with a default constructor (a disco or ping request) is an error.
        ErrorIQ reply = ErrorIQ.builder(error.build(), StanzaBuilder.buildIqData(id).ofType(IQ.Type.error)).build();
        reply.setStanzaId(id);
        reply.setTo(requester);
        reply.setFrom(responder);
        return reply;
    }
}
