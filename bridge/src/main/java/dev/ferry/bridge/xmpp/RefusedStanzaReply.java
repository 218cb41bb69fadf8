package dev.ferry.bridge.xmpp;

import dev.ferry.bridge.service.IqErrors;
import dev.ferry.bridge.stream.RefusedStanza;
import java.util.Optional;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.packet.StanzaError.Condition;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;

/**
 * The error that tells a sender their stanza was too large for the gateway. Built from the
 * stanza's start tag alone, since the rest was never read. Errors and IQ results are not answered.
 */
final class RefusedStanzaReply {

    private RefusedStanzaReply() {
    }

    static Optional<Stanza> of(RefusedStanza head) {
        if (head.from() == null || head.to() == null || "error".equals(head.type())) {
            return Optional.empty();
        }
        String text = "this " + head.element() + " is larger than the gateway accepts (" + head.limit() + " bytes)";
        try {
            Jid from = JidCreate.from(head.from());
            Jid to = JidCreate.from(head.to());
            switch (head.element()) {
                case "iq" -> {
                    if (!"get".equals(head.type()) && !"set".equals(head.type())) {
                        return Optional.empty();
                    }
                    return Optional.of(IqErrors.error(head.id(), from, to, Condition.policy_violation, text));
                }
                case "message" -> {
                    Stanza original = StanzaBuilder.buildMessage(head.id()).from(from).to(to).build();
                    return Optional.of(StanzaErrors.reply(original, Condition.policy_violation, text));
                }
                case "presence" -> {
                    Stanza original = StanzaBuilder.buildPresence(head.id()).from(from).to(to).build();
                    return Optional.of(StanzaErrors.reply(original, Condition.policy_violation, text));
                }
                default -> {
                    return Optional.empty();
                }
            }
        } catch (XmppStringprepException e) {
            return Optional.empty();
        }
    }
}
