package dev.ferry.irc.gateway;

import dev.ferry.irc.client.Registered;
import dev.ferry.irc.protocol.IrcMessage;
import dev.ferry.mappings.store.ArchivedMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A channel's history as the IRC server replayed it (an IRCv3 {@code chathistory} batch: InspIRCd's
 * channel mode +H on join, or the answer to {@code CHATHISTORY}), made into archive lines; and which
 * of them the user's archive lacks. Pure.
 *
 * <p>The same message can be in both: Ferry archived it live while the user sat in the channel, and
 * the server replays it at the next join. A replayed line is already archived when a row has its
 * {@code msgid}, or, for servers without message ids, the same nick and text within
 * {@link #SAME_MOMENT}: a live line carries milliseconds, InspIRCd's replay only whole seconds. Each
 * row stands for one line, so a line said twice stays twice. The user's own lines are never taken:
 * Ferry archived them when they were sent, under the XMPP message's id and body.
 */
final class ServerHistory {

    /** The IRCv3 batch type of a history replay (InspIRCd's +H on join, or the answer to CHATHISTORY). */
    static final String BATCH_TYPE = "chathistory";
    /** The most lines asked of a server that takes {@code CHATHISTORY}, whatever it allows. */
    static final int MOST_REQUESTED = 100;
    /** The IRCv3 capability (still a draft: Ergo and soju offer it under this name) that lets a client ask for history. */
    static final String CAPABILITY = "draft/chathistory";

    /** How far apart the live and the replayed time of one message may be. */
    static final Duration SAME_MOMENT = Duration.ofSeconds(2);

    /** One replayed message: who said it, its XMPP body, the server's msgid (or null) and the server time. */
    record Line(String nick, String body, String messageId, Instant sentAt) {
    }

    private ServerHistory() {
    }

    /**
     * How many lines to ask a server for on join ({@code CHATHISTORY LATEST <channel> * <n>}), or 0
     * where it cannot be asked: the capability, with {@code batch} and {@code server-time} (its
     * replies come in a batch, their times in tags), and at most the server's ISUPPORT
     * {@code CHATHISTORY=<limit>} (0 or absent: no limit of its own).
     */
    static int requestLimit(Registered registered) {
        if (!registered.capabilities().containsAll(Set.of(CAPABILITY, "batch", "server-time"))) {
            return 0;
        }
        String limit = registered.isupport().get("CHATHISTORY");
        try {
            int allowed = limit == null || limit.isEmpty() ? 0 : Integer.parseInt(limit);
            return allowed <= 0 ? MOST_REQUESTED : Math.min(allowed, MOST_REQUESTED);
        } catch (NumberFormatException e) {
            return MOST_REQUESTED;
        }
    }

    /** The request for a channel's latest lines, sent right after its JOIN. */
    static IrcMessage request(String channel, int limit) {
        return IrcMessage.raw("CHATHISTORY", "LATEST", channel, "*", String.valueOf(limit));
    }

    /**
     * The batch's PRIVMSG and NOTICE lines as XMPP bodies, oldest first. Skipped: the user's own
     * lines ({@code ownNick}), CTCP requests, and lines without a server time (a replay that cannot
     * be placed in time cannot be told apart from what is archived).
     */
    static List<Line> lines(List<IrcMessage> batch, String ownNick) {
        List<Line> out = new ArrayList<>(batch.size());
        for (IrcMessage m : batch) {
            boolean notice = "NOTICE".equals(m.command());
            if (!(notice || "PRIVMSG".equals(m.command())) || m.params().size() < 2 || m.prefix().isEmpty()) {
                continue;
            }
            String nick = m.prefix().get().nick();
            Optional<Instant> sent = IncomingText.sentAt(m);
            if (IrcCase.same(nick, ownNick) || sent.isEmpty()) {
                continue;
            }
            String messageId = m.tags().get("msgid");
            IncomingText.body(notice, m.params().get(1))
                    .ifPresent(body -> out.add(new Line(nick, body, messageId == null || messageId.isEmpty() ? null : messageId,
                            sent.get())));
        }
        return out;
    }

    /** The lines no row of {@code archived} stands for, in their order. */
    static List<Line> unseen(List<Line> replayed, List<ArchivedMessage> archived) {
        List<ArchivedMessage> unmatched = new ArrayList<>(archived);
        List<Line> out = new ArrayList<>();
        for (Line line : replayed) {
            int match = -1;
            for (int i = 0; i < unmatched.size() && match < 0; i++) {
                if (same(line, unmatched.get(i))) {
                    match = i;
                }
            }
            if (match >= 0) {
                unmatched.remove(match);
            } else {
                out.add(line);
            }
        }
        return out;
    }

    private static boolean same(Line line, ArchivedMessage row) {
        if (line.messageId() != null && row.messageId() != null) {
            return line.messageId().equals(row.messageId());
        }
        return IrcCase.same(line.nick(), row.nick()) && line.body().equals(row.body())
                && Duration.between(line.sentAt(), row.sentAt()).abs().compareTo(SAME_MOMENT) <= 0;
    }
}
