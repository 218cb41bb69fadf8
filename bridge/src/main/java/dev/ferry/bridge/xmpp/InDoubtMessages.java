package dev.ferry.bridge.xmpp;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jivesoftware.smack.packet.StanzaError.Condition;
import org.jxmpp.jid.Jid;

/**
 * What Ferry says about messages it wrote to the XMPP server without learning whether the server
 * took them (see {@link OutboxSender}). Writing them again could make a duplicate, so senders are
 * told instead. A message from one network user to one XMPP user gets the error the server would
 * have sent had it refused it, so the network's sender hears of it the usual way (an IRC notice,
 * a SIP MESSAGE, a bounce). A room message was one of many copies of a line said in a channel;
 * its sender cannot act on each copy, so each occupant gets one notice per room instead, saying
 * how many may be missing and where they are kept (the room's archive).
 */
final class InDoubtMessages {

    static final String WHY = "the connection between the gateway and the XMPP server dropped before the server confirmed this message,"
            + " so it may not have arrived";
    private static final int QUOTE_CHARS = 80;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    /** Errors to hand to the route as if the server had sent them, and notices to send to occupants. */
    record Reports(List<Message> errors, List<Message> notices) {
    }

    private InDoubtMessages() {
    }

    static Reports of(List<Message> messages, Instant now) {
        List<Message> errors = new ArrayList<>();
        Map<List<Jid>, Integer> missedPerOccupantAndRoom = new LinkedHashMap<>();
        for (Message m : messages) {
            if (m.getFrom() == null || m.getTo() == null || m.getType() == Message.Type.error) {
                continue; // errors are never answered; they are written again instead (OutboxSender)
            }
            if (m.getType() == Message.Type.groupchat && m.getFrom().hasResource()) {
                missedPerOccupantAndRoom.merge(List.of(m.getTo(), m.getFrom().asBareJid()), 1, Integer::sum);
            } else {
                errors.add((Message) StanzaErrors.reply(m, Condition.recipient_unavailable, WHY + quoted(m)));
            }
        }
        List<Message> notices = new ArrayList<>();
        missedPerOccupantAndRoom.forEach((occupantAndRoom, count) -> notices.add(notice(occupantAndRoom.get(0),
                occupantAndRoom.get(1), count, now)));
        return new Reports(errors, notices);
    }

    private static String quoted(Message m) {
        String body = m.getBody();
        if (body == null || body.isEmpty()) {
            return "";
        }
        int end = body.offsetByCodePoints(0, Math.min(QUOTE_CHARS, body.codePointCount(0, body.length())));
        return ": \"" + body.substring(0, end) + (end < body.length() ? "…" : "") + "\"";
    }

    private static Message notice(Jid occupant, Jid room, int count, Instant now) {
        String body = (count == 1 ? "1 message" : count + " messages") + " of this room from just before " + CLOCK.format(now)
                + " may not have reached you: the connection between the gateway and your XMPP server dropped before the"
                + " server confirmed " + (count == 1 ? "it" : "them") + ". The room's archive has "
                + (count == 1 ? "it" : "them") + " (message history, XEP-0313).";
        return StanzaBuilder.buildMessage().ofType(Message.Type.groupchat).from(room).to(occupant).setBody(body).build();
    }
}
