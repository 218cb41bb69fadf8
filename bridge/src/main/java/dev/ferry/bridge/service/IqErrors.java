package dev.ferry.bridge.service;

import org.jivesoftware.smack.packet.ErrorIQ;
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
        ErrorIQ reply = ErrorIQ.builder(error.build()).build();
        reply.setStanzaId(id);
        reply.setTo(requester);
        reply.setFrom(responder);
        return reply;
    }
}
