package dev.ferry.irc.protocol;

import java.util.Optional;

/**
 * What an IRC line says about someone's services account (IRCv3 account-tag, account-notify,
 * extended-join, WHOX, and our own RPL_LOGGEDIN/RPL_LOGGEDOUT): that {@code nick} is now logged in
 * as {@code account}, or logged in to none ({@code account} null). A pure translation, table-tested
 * with lines captured from InspIRCd 3 and Atheme.
 *
 * @param nick    whose account it is
 * @param account the account name; null when the line says "not logged in"
 */
public record AccountChange(String nick, String account) {

    /** The token Ferry puts in its WHOX request ({@code WHO #chan %tna,152}) to know the replies as its own. */
    public static final String WHOX_TOKEN = "152";

    /** {@code WHO <channel> %tna,152}: token, nick and account of everyone in the channel (354 replies). */
    public static IrcMessage whoxRequest(String channel) {
        return IrcMessage.raw("WHO", channel, "%tna," + WHOX_TOKEN);
    }

    /** The account a line reports, if it reports one. */
    public static Optional<AccountChange> of(IrcMessage m) {
        switch (m.command()) {
            case "ACCOUNT": // account-notify: ":nick!u@h ACCOUNT name", "*" when logged out
                return fromUser(m, m.param(0).orElse(null));
            case "JOIN": // extended-join: "JOIN #chan account :realname", "*" when not logged in
                if (m.params().size() >= 3) {
                    return fromUser(m, m.params().get(1));
                }
                return tagged(m);
            case "900": // RPL_LOGGEDIN: "<me> <me>!<u>@<h> <account> :You are now logged in as <account>"
                return m.params().size() >= 3 ? Optional.of(new AccountChange(m.params().get(0), m.params().get(2))) : Optional.empty();
            case "901": // RPL_LOGGEDOUT: "<me> <me>!<u>@<h> :You are now logged out"
                return m.param(0).map(me -> new AccountChange(me, null));
            case "354": // WHOX reply to our request: "<me> 152 <nick> <account>", "0" when not logged in
                if (m.params().size() >= 4 && WHOX_TOKEN.equals(m.params().get(1))) {
                    return Optional.of(new AccountChange(m.params().get(2), account(m.params().get(3), "0")));
                }
                return Optional.empty();
            default:
                return tagged(m);
        }
    }

    /** account-tag: any line from a logged-in user carries {@code @account=name}. */
    private static Optional<AccountChange> tagged(IrcMessage m) {
        String tag = m.tags().get("account");
        if (tag == null || tag.isEmpty() || m.prefix().isEmpty() || m.prefix().get().isServer()) {
            return Optional.empty();
        }
        return Optional.of(new AccountChange(m.prefix().get().nick(), tag));
    }

    private static Optional<AccountChange> fromUser(IrcMessage m, String value) {
        if (value == null || m.prefix().isEmpty() || m.prefix().get().isServer()) {
            return Optional.empty();
        }
        return Optional.of(new AccountChange(m.prefix().get().nick(), account(value, "*")));
    }

    private static String account(String value, String none) {
        return value.isEmpty() || value.equals(none) ? null : value;
    }
}
