package dev.ferry.bridge.service;

import org.jivesoftware.smack.packet.ErrorIQ;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.StanzaError;

/**
 * Error replies to IQs. Smack's {@code IQ.createErrorResponse} echoes the request's child, which
 * it cannot re-serialize for payloads it does not know; RFC 6120 lets an error leave it out, so we do.
 */
public final class IqErrors {

    private IqErrors() {
    }

    public static IQ error(IQ request, StanzaError.Condition condition, String text) {
        StanzaError.Builder error = StanzaError.getBuilder(condition);
        if (text != null && !text.isEmpty()) {
            error.setDescriptiveEnText(text);
        }
        ErrorIQ reply = ErrorIQ.builder(error.build()).build();
        reply.setStanzaId(request.getStanzaId());
        reply.setTo(request.getFrom());
        reply.setFrom(request.getTo());
        return reply;
    }
}
