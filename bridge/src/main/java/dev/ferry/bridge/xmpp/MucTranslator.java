package dev.ferry.bridge.xmpp;

import dev.ferry.spi.Address;
import dev.ferry.spi.RoomEvent;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jivesoftware.smackx.muc.MUCAffiliation;
import org.jivesoftware.smackx.muc.MUCRole;
import org.jivesoftware.smackx.muc.packet.MUCInitialPresence;
import org.jivesoftware.smackx.muc.packet.MUCItem;
import org.jivesoftware.smackx.muc.packet.MUCUser;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * The MUC facade (XEP-0045) as pure translation: what an XMPP user does to a room becomes a
 * neutral {@link RoomEvent}, and what happens in a foreign room becomes occupant presences and
 * subject messages. The network's rooms stay the connector's business.
 */
public final class MucTranslator {

    /**
     * A presence to an occupant address (room@gw/nick) is a join — or a nick change when already
     * joined under another nick; unavailable is a leave. A groupchat message with a subject and no
     * body sets the topic. Anything else is not a room event.
     */
    public Optional<RoomEvent> toEvent(Stanza stanza) {
        if (stanza.getFrom() == null || stanza.getTo() == null) {
            return Optional.empty();
        }
        Address from = JidAddresses.toAddress(stanza.getFrom());
        Address to = JidAddresses.toAddress(stanza.getTo());
        if (stanza instanceof Presence p && to.resource() != null && to.local() != null) {
            if (p.getType() == Presence.Type.available) {
                StandardExtensionElement x = joinElement(p);
                Optional<String> password = Optional.ofNullable(x == null ? null : x.getFirstElement("password"))
                        .map(StandardExtensionElement::getText);
                return Optional.of(new RoomEvent(from, to, RoomEvent.Kind.JOIN, Optional.empty(), Optional.empty(),
                        RoomEvent.Role.PARTICIPANT, RoomEvent.Affiliation.NONE, true, password,
                        Optional.ofNullable(x == null ? null : x.getFirstElement("history")).flatMap(MucTranslator::history)));
            }
            if (p.getType() == Presence.Type.unavailable) {
                return Optional.of(RoomEvent.leave(from, to, Optional.ofNullable(p.getStatus()), true));
            }
        }
        if (stanza instanceof Message m && m.getType() == Message.Type.groupchat && m.getBody() == null
                && m.getSubject() != null) {
            return Optional.of(new RoomEvent(from, to, RoomEvent.Kind.TOPIC, Optional.empty(), Optional.of(m.getSubject()),
                    RoomEvent.Role.PARTICIPANT, RoomEvent.Affiliation.NONE, true, Optional.empty()));
        }
        return Optional.empty();
    }

    /**
     * Smack has no provider for the join element (clients only send it), so it arrives as a
     * generic element; {@code <password/>} and {@code <history/>} are read from there.
     */
    private static StandardExtensionElement joinElement(Presence p) {
        ExtensionElement x = p.getExtension(MUCInitialPresence.QNAME);
        return x instanceof StandardExtensionElement standard ? standard : null;
    }

    /** {@code maxstanzas}, {@code seconds} and {@code since} folded into one limit; malformed values are ignored. */
    static Optional<RoomEvent.History> history(StandardExtensionElement h) {
        int max = Integer.MAX_VALUE;
        Instant since = Instant.EPOCH;
        try {
            if (h.getAttributeValue("maxstanzas") != null) {
                max = Math.max(0, Integer.parseInt(h.getAttributeValue("maxstanzas")));
            }
            if (h.getAttributeValue("seconds") != null) {
                since = Instant.now().minusSeconds(Math.max(0, Long.parseLong(h.getAttributeValue("seconds"))));
            }
            if (h.getAttributeValue("since") != null) {
                Instant s = Instant.parse(h.getAttributeValue("since"));
                since = s.isAfter(since) ? s : since;
            }
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        if (h.getAttributeValue("maxchars") != null && "0".equals(h.getAttributeValue("maxchars"))) {
            max = 0; // XEP-0045: maxchars='0' asks for no history at all
        }
        return Optional.of(new RoomEvent.History(max, since));
    }

    /** The stanzas a room event becomes for the user in {@code to}; a nick change is two presences. */
    public List<Stanza> toStanzas(RoomEvent e) {
        Jid occupant = JidAddresses.toJid(e.from());
        Jid user = JidAddresses.toJid(e.to());
        switch (e.kind()) {
            case JOIN: // the text, when a network gives one, is the occupant's status (an IRC services account)
                return List.of(presence(occupant, user, Presence.Type.available, item(e.role(), e.affiliation(), null, null),
                        e.self() ? List.of(MUCUser.Status.PRESENCE_TO_SELF_110) : List.of(), e.text().orElse(null)));
            case LEAVE:
                return List.of(presence(occupant, user, Presence.Type.unavailable, item(RoomEvent.Role.NONE, e.affiliation(), null, null),
                        e.self() ? List.of(MUCUser.Status.PRESENCE_TO_SELF_110) : List.of(), e.text().orElse(null)));
            case KICK:
                return List.of(presence(occupant, user, Presence.Type.unavailable,
                        item(RoomEvent.Role.NONE, e.affiliation(), null, e.text().orElse(null)),
                        e.self() ? List.of(MUCUser.Status.KICKED_307, MUCUser.Status.PRESENCE_TO_SELF_110)
                                : List.of(MUCUser.Status.KICKED_307), null));
            case NICK_CHANGE: {
                String newNick = e.newNick().orElseThrow(() -> new IllegalArgumentException("nick change without a new nick"));
                List<MUCUser.Status> codes = e.self()
                        ? List.of(MUCUser.Status.NEW_NICKNAME_303, MUCUser.Status.PRESENCE_TO_SELF_110)
                        : List.of(MUCUser.Status.NEW_NICKNAME_303);
                Jid renamed = JidAddresses.toJid(new Address(e.from().local(), e.from().domain(), newNick));
                return List.of(
                        presence(occupant, user, Presence.Type.unavailable, item(e.role(), e.affiliation(), newNick, null), codes, null),
                        presence(renamed, user, Presence.Type.available, item(e.role(), e.affiliation(), null, null),
                                e.self() ? List.of(MUCUser.Status.PRESENCE_TO_SELF_110) : List.of(), null));
            }
            case AWAY: {
                // Still present, with XEP-0045's item, now with show=away and the away message (or back).
                Presence p = presence(occupant, user, Presence.Type.available, item(e.role(), e.affiliation(), null, null),
                        e.self() ? List.of(MUCUser.Status.PRESENCE_TO_SELF_110) : List.of(), e.text().orElse(null));
                return List.of(e.text().isPresent() ? p.asBuilder().setMode(Presence.Mode.away).build() : p);
            }
            case TOPIC:
                return List.of(StanzaBuilder.buildMessage().ofType(Message.Type.groupchat).from(occupant).to(user)
                        .setSubject(e.text().orElse("")).build());
            default:
                throw new IllegalArgumentException("unknown room event " + e.kind());
        }
    }

    private static Presence presence(Jid from, Jid to, Presence.Type type, MUCItem item, List<MUCUser.Status> codes,
                                     String status) {
        MUCUser x = new MUCUser();
        x.setItem(item);
        codes.forEach(x::addStatusCode);
        var b = StanzaBuilder.buildPresence().ofType(type).from(from).to(to).addExtension(x);
        if (status != null && !status.isEmpty()) {
            b.setStatus(status);
        }
        return b.build();
    }

    private static MUCItem item(RoomEvent.Role role, RoomEvent.Affiliation affiliation, String nick, String reason) {
        return new MUCItem(MUCAffiliation.valueOf(affiliation.name().toLowerCase(Locale.ROOT)),
                MUCRole.valueOf(role.name().toLowerCase(Locale.ROOT)), null, reason, null,
                nick == null ? null : Resourcepart.fromOrThrowUnchecked(nick), null);
    }
}
