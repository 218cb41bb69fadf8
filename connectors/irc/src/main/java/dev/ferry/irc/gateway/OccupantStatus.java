package dev.ferry.irc.gateway;

import dev.ferry.irc.protocol.AccountChange;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What Ferry knows about the people in one user's IRC channels beyond nick and modes: their
 * services account (IRCv3 account-tag/account-notify/extended-join, WHOX) and away message
 * (away-notify). Both show in the occupant's XMPP presence status, the one text every MUC
 * client shows next to a participant: "logged in as alice" tells who is behind a nick, as
 * services vouch for it. Made on first use: most puppets never learn an account.
 */
final class OccupantStatus {

    /** Folded nick → {account, away message}; null until something is known. */
    private Map<String, String[]> known;

    /** The status text for an account and an away message; empty when there is neither. */
    static Optional<String> describe(String away, String account) {
        if (account == null) {
            return Optional.ofNullable(away);
        }
        String login = "logged in as " + account;
        return Optional.of(away == null ? login : away + " (" + login + ")");
    }

    /** Records {@code change}; true when it changed what is shown. */
    boolean account(AccountChange change) {
        return set(change.nick(), 0, change.account());
    }

    /** Records an away message (null: back); true when it changed what is shown. */
    boolean away(String nick, String message) {
        return set(nick, 1, message);
    }

    String away(String nick) {
        String[] k = known == null ? null : known.get(IrcCase.fold(nick));
        return k == null ? null : k[1];
    }

    Optional<String> status(String nick) {
        String[] k = known == null ? null : known.get(IrcCase.fold(nick));
        return k == null ? Optional.empty() : describe(k[1], k[0]);
    }

    void rename(String oldNick, String newNick) {
        if (known != null) {
            String[] k = known.remove(IrcCase.fold(oldNick));
            if (k != null) {
                known.put(IrcCase.fold(newNick), k);
            }
        }
    }

    void clear() {
        known = null;
    }

    void forget(String nick) {
        if (known != null) {
            known.remove(IrcCase.fold(nick));
            if (known.isEmpty()) {
                known = null;
            }
        }
    }

    private boolean set(String nick, int field, String value) {
        String key = IrcCase.fold(nick);
        String[] k = known == null ? null : known.get(key);
        String old = k == null ? null : k[field];
        if (java.util.Objects.equals(old, value)) {
            return false;
        }
        if (k == null) {
            if (known == null) {
                known = new HashMap<>(4);
            }
            k = new String[2];
            known.put(key, k);
        }
        k[field] = value;
        if (k[0] == null && k[1] == null) {
            forget(nick);
        }
        return true;
    }
}
