package dev.ferry.irc.gateway;

import dev.ferry.spi.Address;
import dev.ferry.spi.Delivery;
import dev.ferry.spi.RoomEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One IRC channel as one XMPP user sees it: which of their resources sit in the room, who else
 * is there (nick → status prefixes), the topic, and the join still waiting for its NAMES list.
 */
final class ChannelState {

    final String name;
    final Set<Address> resources = new LinkedHashSet<>();
    /** Folded nick → [nick as spelled, prefixes]. */
    final Map<String, String[]> occupants = new LinkedHashMap<>();
    final List<String> namesBuffer = new ArrayList<>();
    String topic;
    /** The nick the user's occupant has in this room on the XMPP side. */
    String shownNick;
    /** History each joining resource asked for, used once when the room is shown to it. */
    final Map<Address, RoomEvent.History> historyRequests = new LinkedHashMap<>();
    boolean synced;
    CompletableFuture<Delivery> pendingJoin;
    String key;

    ChannelState(String name) {
        this.name = name;
    }

    void put(String nick, String prefixes) {
        occupants.put(IrcCase.fold(nick), new String[] {nick, prefixes});
    }

    String[] remove(String nick) {
        return occupants.remove(IrcCase.fold(nick));
    }

    String[] get(String nick) {
        return occupants.get(IrcCase.fold(nick));
    }
}
