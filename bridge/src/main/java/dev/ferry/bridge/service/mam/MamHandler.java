package dev.ferry.bridge.service.mam;

import dev.ferry.bridge.service.IqErrors;
import dev.ferry.bridge.service.IqHandler;
import dev.ferry.mappings.store.ArchiveRepository;
import dev.ferry.mappings.store.ArchivedMessage;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.packet.UnparsedIQ;
import org.jivesoftware.smackx.delay.packet.DelayInformation;
import org.jivesoftware.smackx.forward.packet.Forwarded;
import org.jivesoftware.smackx.rsm.packet.RSMSet;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;

/**
 * XEP-0313 on a room: the requester's own archive of it (what the gateway relayed to them), paged
 * with XEP-0059. Results are sent as messages before the {@code <fin/>} IQ, as the XEP orders.
 */
public final class MamHandler implements IqHandler {

    private final ArchiveRepository archive;
    private final String network;
    private final Consumer<Stanza> out;

    public MamHandler(ArchiveRepository archive, String network, Consumer<Stanza> out) {
        this.archive = archive;
        this.network = network;
        this.out = out;
    }

    @Override
    public String element() {
        return "query";
    }

    @Override
    public String namespace() {
        return MamQuery.NAMESPACE;
    }

    @Override
    public boolean advertisedOnDomain() {
        return false; // rooms advertise it in their own disco#info
    }

    @Override
    public IQ handle(IQ request) {
        if (request.getType() != IQ.Type.set || !(request instanceof UnparsedIQ raw)) {
            return IqErrors.error(request, StanzaError.Condition.bad_request, "a MAM query is an IQ set");
        }
        Jid room = request.getTo();
        if (!room.hasLocalpart() || room.hasResource()) {
            return IqErrors.error(request, StanzaError.Condition.item_not_found, "archives are kept per room: query the room's address");
        }
        MamQuery q;
        try {
            q = MamQuery.parse(raw.getContent());
        } catch (Exception e) {
            return IqErrors.error(request, StanzaError.Condition.bad_request, "unreadable MAM query: " + e.getMessage());
        }
        long after;
        long before;
        try {
            after = q.after().map(Long::parseLong).orElse(0L);
            before = q.before().filter(b -> !b.isEmpty()).map(Long::parseLong).orElse(Long.MAX_VALUE);
        } catch (NumberFormatException e) {
            return IqErrors.error(request, StanzaError.Condition.item_not_found, "no such archive id");
        }
        String owner = request.getFrom().asBareJid().toString();
        String roomLocal = room.getLocalpartOrThrow().toString();
        boolean fromEnd = q.before().isPresent();
        // One more than asked tells whether the page is the last one.
        List<ArchivedMessage> rows = archive.query(owner, network, roomLocal, q.start(), q.end(), after, before, q.max() + 1, fromEnd);
        boolean complete = rows.size() <= q.max();
        List<ArchivedMessage> page = complete ? rows : fromEnd ? rows.subList(1, rows.size()) : rows.subList(0, q.max());
        EntityBareJid roomJid = room.asEntityBareJidOrThrow();
        for (ArchivedMessage m : page) {
            Message archived = StanzaBuilder.buildMessage(m.messageId() == null ? null : m.messageId())
                    .ofType(Message.Type.groupchat)
                    .from(JidCreate.fullFrom(roomJid, org.jxmpp.jid.parts.Resourcepart.fromOrThrowUnchecked(m.nick())))
                    .to(request.getFrom())
                    .setBody(m.body()).build();
            Message result = StanzaBuilder.buildMessage().to(request.getFrom()).from(roomJid)
                    .addExtension(new MamResult(q.queryId(), Long.toString(m.id()),
                            new Forwarded<>(archived, new DelayInformation(Date.from(m.sentAt())))))
                    .build();
            out.accept(result);
        }
        RSMSet set = page.isEmpty() ? new RSMSet(null, null, -1, -1, null, -1, null, -1)
                : new RSMSet(null, null, -1, -1, Long.toString(page.get(page.size() - 1).id()), -1,
                        Long.toString(page.get(0).id()), -1);
        MamFin fin = new MamFin(complete, set);
        fin.setStanzaId(request.getStanzaId());
        fin.setTo(request.getFrom());
        fin.setFrom(request.getTo());
        return fin;
    }
}
