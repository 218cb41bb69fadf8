package dev.ferry.bridge.xmpp;

import dev.ferry.spi.Failure;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.packet.StanzaError.Condition;

/** Error replies to messages and presences (IQs: {@code IqErrors}), and the neutral failure → RFC 6120 map. */
public final class StanzaErrors {

    private StanzaErrors() {
    }

    /** A stanza of type error is never answered: that is how error loops start (RFC 6120 §8.3.1). */
    public static boolean isAnswerable(Stanza stanza) {
        if (stanza.getFrom() == null || stanza.getError() != null) {
            return false;
        }
        if (stanza instanceof Message m) {
            return m.getType() != Message.Type.error;
        }
        return !(stanza instanceof Presence p) || p.getType() != Presence.Type.error;
    }

    public static Stanza reply(Stanza original, Condition condition, String text) {
        StanzaError.Builder error = StanzaError.getBuilder(condition);
        if (text != null && !text.isEmpty()) {
            error.setDescriptiveEnText(text);
        }
        StanzaBuilder<?> b;
        if (original instanceof Message m) {
            var mb = StanzaBuilder.buildMessage(m.getStanzaId()).ofType(Message.Type.error);
            if (m.getBody() != null) {
                // Echoing the body lets the sender's client show which message failed.
                mb.setBody(m.getBody());
            }
            b = mb;
        } else {
            b = StanzaBuilder.buildPresence(original.getStanzaId()).ofType(Presence.Type.error);
        }
        return b.to(original.getFrom()).from(original.getTo()).setError(error.build()).build();
    }

    /** The neutral reason for an XMPP error condition; conditions the model has no name for keep their class. */
    public static Failure failure(Condition condition) {
        switch (condition) {
            case bad_request: case jid_malformed: return Failure.BAD_REQUEST;
            case forbidden: return Failure.FORBIDDEN;
            case item_not_found: case gone: return Failure.ITEM_NOT_FOUND;
            case not_acceptable: return Failure.NOT_ACCEPTABLE;
            case not_authorized: case registration_required: case subscription_required: return Failure.NOT_AUTHORIZED;
            case policy_violation: return Failure.POLICY_VIOLATION;
            case recipient_unavailable: return Failure.RECIPIENT_UNAVAILABLE;
            case remote_server_not_found: return Failure.REMOTE_SERVER_NOT_FOUND;
            case remote_server_timeout: return Failure.REMOTE_SERVER_TIMEOUT;
            case resource_constraint: return Failure.RESOURCE_CONSTRAINT;
            case service_unavailable: return Failure.SERVICE_UNAVAILABLE;
            case feature_not_implemented: return Failure.FEATURE_NOT_IMPLEMENTED;
            default: return Failure.INTERNAL_SERVER_ERROR;
        }
    }

    public static Condition condition(Failure failure) {
        return switch (failure) {
            case BAD_REQUEST -> Condition.bad_request;
            case FORBIDDEN -> Condition.forbidden;
            case ITEM_NOT_FOUND -> Condition.item_not_found;
            case NOT_ACCEPTABLE -> Condition.not_acceptable;
            case NOT_AUTHORIZED -> Condition.not_authorized;
            case POLICY_VIOLATION -> Condition.policy_violation;
            case RECIPIENT_UNAVAILABLE -> Condition.recipient_unavailable;
            case REMOTE_SERVER_NOT_FOUND -> Condition.remote_server_not_found;
            case REMOTE_SERVER_TIMEOUT -> Condition.remote_server_timeout;
            case RESOURCE_CONSTRAINT -> Condition.resource_constraint;
            case SERVICE_UNAVAILABLE -> Condition.service_unavailable;
            case FEATURE_NOT_IMPLEMENTED -> Condition.feature_not_implemented;
            case INTERNAL_SERVER_ERROR -> Condition.internal_server_error;
        };
    }
}
