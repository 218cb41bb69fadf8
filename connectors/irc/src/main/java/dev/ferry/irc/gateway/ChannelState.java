package dev.ferry.irc.gateway;

import dev.ferry.mappings.store.ArchiveRepository;
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
    // Collections start small or are made on first use: a thousand puppets each hold one of these
    // per channel, most with one resource, few history requests and no NAMES reply in progress.
    final Set<Address> resources = new LinkedHashSet<>(2);
    /** Folded nick → [nick as spelled, prefixes]; grows as the channel is seen. */
    final Map<String, String[]> occupants = new LinkedHashMap<>(4);
    /** NAMES entries until the end of the list; null outside a NAMES reply. */
    private List<String> namesBuffer;
    String topic;
    /** The nick the user's occupant has in this room on the XMPP side. */
    String shownNick;
    /** Each joining resource's wait for its history, until the history is sent; null when none waits. */
    private Map<Address, HistoryWait> historyRequests;
    /** Waits whose history is sent but not yet read from the archive: they still record live lines. */
    private List<HistoryWait> reading;
    boolean synced;
    /** The JOIN whose reply the room's history and subject wait for (ServerLink#sendJoin); 0 when none. */
    int historyFence;
    CompletableFuture<Delivery> pendingJoin;
    String key;

    ChannelState(String name) {
        this.name = name;
    }

    /** {@code resource} joins and waits for {@code history}; a wait it already had goes on, asking for this. */
    void requestHistory(Address resource, RoomEvent.History history) {
        if (historyRequests == null) {
            historyRequests = new LinkedHashMap<>(2);
        }
        HistoryWait before = historyRequests.get(resource);
        if (before != null) {
            before.want(history);
        } else {
            historyRequests.put(resource, new HistoryWait(history));
        }
    }

    /**
     * The wait of {@code resource}, once, as its history is sent; null if it asked for none. It
     * records live lines until the history has been read ({@link HistoryWait#finish}).
     */
    HistoryWait takeHistoryRequest(Address resource) {
        if (historyRequests == null) {
            return null;
        }
        HistoryWait wait = historyRequests.remove(resource);
        if (historyRequests.isEmpty()) {
            historyRequests = null;
        }
        if (wait != null) {
            if (reading == null) {
                reading = new ArrayList<>(2);
            }
            reading.add(wait);
        }
        return wait;
    }

    /** {@code resource} left the room: it no longer waits for anything of it. */
    void left(Address resource) {
        resources.remove(resource);
        if (historyRequests != null && historyRequests.remove(resource) != null && historyRequests.isEmpty()) {
            historyRequests = null;
        }
    }

    /** The wait of a resource joining and not yet given the room's history; null for one already in the room. */
    HistoryWait waitOf(Address resource) {
        return historyRequests == null ? null : historyRequests.get(resource);
    }

    /** A live line of the room, archived now: every wait that has not read its history yet records it. */
    void liveLine(ArchiveRepository.Entry line) {
        if (historyRequests != null) {
            historyRequests.values().forEach(w -> w.record(line));
        }
        if (reading != null) {
            reading.removeIf(w -> !w.record(line));
            if (reading.isEmpty()) {
                reading = null;
            }
        }
    }

    void bufferName(String entry) {
        if (namesBuffer == null) {
            namesBuffer = new ArrayList<>();
        }
        namesBuffer.add(entry);
    }

    /** The NAMES entries buffered so far, and the buffer emptied. */
    List<String> takeNames() {
        List<String> names = namesBuffer == null ? List.of() : namesBuffer;
        namesBuffer = null;
        return names;
    }

    void put(String nick, String prefixes) {
        String key = IrcCase.fold(nick);
        String[] known = occupants.get(key);
        if (known != null && known[0].equals(nick)) {
            if (known[1].equals(prefixes)) {
                return; // NAMES repeating what JOIN said: keep the entry, not a second copy of it
            }
            nick = known[0];
        }
        occupants.put(key, new String[] {nick, prefixes});
    }

    String[] remove(String nick) {
        return occupants.remove(IrcCase.fold(nick));
    }

    String[] get(String nick) {
        return occupants.get(IrcCase.fold(nick));
    }
}
