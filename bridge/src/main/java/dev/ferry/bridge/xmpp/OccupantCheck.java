package dev.ferry.bridge.xmpp;

import dev.ferry.spi.RoomEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jivesoftware.smack.packet.StanzaError.Condition;
import org.jivesoftware.smackx.ping.packet.Ping;
import org.jxmpp.jid.Jid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the occupants of this gateway's rooms who left while the component link was down. What
 * the server wrote into a dead connection is lost (XEP-0114 has no replay), so a user who logged
 * out then stays on the network as a ghost (an IRC puppet in its channels). After a reconnect each
 * occupant's client is pinged (XEP-0199) from the room; the server answers for a resource that is
 * gone ({@code service-unavailable}, RFC 6121 §8.5.3.2.1), and that occupant leaves the room as
 * if its unavailable presence had arrived. Any other answer, or none, leaves it where it is: a
 * client without ping support answers {@code feature-not-implemented}, and silence proves nothing.
 */
final class OccupantCheck {

    private static final Logger LOG = LoggerFactory.getLogger(OccupantCheck.class);
    private static final Set<Condition> GONE = Set.of(Condition.service_unavailable, Condition.recipient_unavailable,
            Condition.item_not_found, Condition.remote_server_not_found);
    static final long ANSWER_MILLIS = 30_000;
    /** Pings in flight at once: a gateway with 10,000 occupants must not flood a server that just came back. */
    static final int BATCH = 200;

    /** Each user's full JID and the occupant JIDs (room/nick) it joined as. */
    private final Map<Jid, Set<Jid>> occupants = new ConcurrentHashMap<>();

    /** Follows joins and leaves as the server passes them on. */
    void seen(RoomEvent event, Jid user, Jid occupant) {
        if (event.kind() == RoomEvent.Kind.JOIN) {
            occupants.computeIfAbsent(user, u -> ConcurrentHashMap.newKeySet()).add(occupant);
        } else if (event.kind() == RoomEvent.Kind.LEAVE) {
            left(user, occupant);
        }
    }

    /** A join the network refused: the user is not in that room. */
    void left(Jid user, Jid occupant) {
        occupants.computeIfPresent(user, (u, rooms) -> {
            rooms.remove(occupant);
            return rooms.isEmpty() ? null : rooms;
        });
    }

    int users() {
        return occupants.size();
    }

    /**
     * Pings every occupant's client through {@code request}; for each one the server says is gone,
     * {@code leave} gets the unavailable presence it would have sent, once per room.
     */
    void check(Function<IQ, CompletableFuture<IQ>> request, Consumer<Presence> leave) {
        if (occupants.isEmpty()) {
            return;
        }
        LOG.info("checking that the {} users in rooms are still online after the reconnect", occupants.size());
        checkFrom(new ArrayList<>(occupants.keySet()), 0, request, leave);
    }

    /** One batch of pings; the next batch goes when all of this one are answered (or timed out). */
    private void checkFrom(List<Jid> users, int start, Function<IQ, CompletableFuture<IQ>> request, Consumer<Presence> leave) {
        List<CompletableFuture<?>> batch = new ArrayList<>();
        for (Jid user : users.subList(start, Math.min(users.size(), start + BATCH))) {
            batch.add(ping(user, request, leave));
        }
        if (start + BATCH < users.size()) {
            CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new))
                    .whenComplete((done, error) -> checkFrom(users, start + BATCH, request, leave));
        }
    }

    private CompletableFuture<?> ping(Jid user, Function<IQ, CompletableFuture<IQ>> request, Consumer<Presence> leave) {
        Set<Jid> rooms = occupants.get(user);
        Jid from = rooms == null ? null : rooms.stream().findFirst().orElse(null);
        if (from == null) {
            return CompletableFuture.completedFuture(null); // left meanwhile
        }
        Ping ping = new Ping(user);
        ping.setFrom(from);
        return request.apply(ping).whenComplete((answer, error) -> {
            if (error != null || answer == null || answer.getType() != IQ.Type.error || answer.getError() == null
                    || !GONE.contains(answer.getError().getCondition())) {
                return;
            }
            Set<Jid> left = occupants.remove(user);
            if (left == null) {
                return;
            }
            LOG.info("{} left while the link was down ({}): leaving {} rooms for them", user, answer.getError().getCondition(),
                    left.size());
            for (Jid occupant : left) {
                leave.accept(StanzaBuilder.buildPresence().ofType(Presence.Type.unavailable).from(user).to(occupant).build());
            }
        });
    }
}
