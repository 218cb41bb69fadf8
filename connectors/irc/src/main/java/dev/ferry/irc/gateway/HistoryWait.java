package dev.ferry.irc.gateway;

import dev.ferry.mappings.store.ArchiveRepository;
import dev.ferry.mappings.store.ArchivedMessage;
import dev.ferry.spi.Message;
import dev.ferry.spi.RoomEvent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * One joining resource's wait for the room's history, from its join until the history has been
 * read from the archive. Live lines of the room are archived the moment they arrive, so a read
 * made after them finds them; the resource gets them live, so they are left out of its history
 * ({@link #withoutLive}). Until its history is sent (behind the JOIN's fence, see
 * ServerLink#sendJoin) the resource's live lines are held, and shown after the subject, as
 * XEP-0045 orders a join. Without this a line said during the fence reached the joining user
 * twice, live and as history (found by IrcServerKillFaultE2ETest in CI).
 *
 * <p>Held lines and recording are touched under the ServerLink's monitor; the read, on the
 * connector's serial thread, ends the recording through {@link #finish}.
 */
final class HistoryWait {

    /** Past this many held lines (a fence that never comes) they are shown live instead, in order. */
    static final int MAX_HELD = 1_000;

    private RoomEvent.History wanted;
    /** Live lines not shown yet; null until the first. */
    private List<Message> held;
    /** False once the held lines are let go: later lines are shown at once. */
    private boolean holding = true;
    /** Live lines archived since the join; null once the history has been read. */
    private List<ArchiveRepository.Entry> live = new ArrayList<>(4);

    HistoryWait(RoomEvent.History wanted) {
        this.wanted = wanted;
    }

    RoomEvent.History wanted() {
        return wanted;
    }

    /** The resource joined again before its history came: what it asks for now. */
    void want(RoomEvent.History history) {
        wanted = history;
    }

    /** Records a live line of the room; false once the history has been read (the wait is over). */
    synchronized boolean record(ArchiveRepository.Entry line) {
        if (live == null) {
            return false;
        }
        live.add(line);
        return true;
    }

    synchronized int recorded() {
        return live == null ? 0 : live.size();
    }

    /** The live lines recorded so far, and no more recording: call it after reading the archive. */
    synchronized List<ArchiveRepository.Entry> finish() {
        List<ArchiveRepository.Entry> lines = live == null ? List.of() : live;
        live = null;
        return lines;
    }

    /**
     * Keeps {@code m} to show after the history; returns what must be shown now instead, in order:
     * nothing while holding, everything held and {@code m} once the hold is full or let go.
     */
    List<Message> hold(Message m) {
        if (!holding) {
            return List.of(m);
        }
        if (held == null) {
            held = new ArrayList<>(4);
        }
        held.add(m);
        if (held.size() < MAX_HELD) {
            return List.of();
        }
        return letGo();
    }

    /** The held lines, and no more holding. */
    List<Message> letGo() {
        List<Message> lines = held == null ? List.of() : held;
        held = null;
        holding = false;
        return lines;
    }

    /**
     * The newest {@code max} of {@code read} (oldest first, as the archive returns it) that are
     * not among the {@code live} lines: each live line takes out one row equal to it, so a line
     * said twice and seen live once stays once in the history.
     */
    static List<ArchivedMessage> withoutLive(List<ArchivedMessage> read, List<ArchiveRepository.Entry> live, int max) {
        List<ArchivedMessage> kept = new ArrayList<>(read);
        for (ArchiveRepository.Entry line : live) {
            for (Iterator<ArchivedMessage> it = kept.iterator(); it.hasNext(); ) {
                if (line.isStoredAs(it.next())) {
                    it.remove();
                    break;
                }
            }
        }
        return kept.size() <= max ? kept : kept.subList(kept.size() - max, kept.size());
    }
}
