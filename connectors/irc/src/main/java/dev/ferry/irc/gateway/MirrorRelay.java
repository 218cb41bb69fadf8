package dev.ferry.irc.gateway;

import dev.ferry.irc.client.IrcClientSettings;
import dev.ferry.irc.client.IrcConnection;
import dev.ferry.irc.client.IrcConnectionListener;
import dev.ferry.irc.client.Registered;
import dev.ferry.irc.protocol.IrcBatches;
import dev.ferry.irc.protocol.IrcFormatting;
import dev.ferry.irc.protocol.IrcMessage;
import dev.ferry.mappings.address.IrcAddress;
import dev.ferry.mappings.store.RoomMirror;
import dev.ferry.spi.Address;
import dev.ferry.spi.Backoff;
import dev.ferry.spi.Delivery;
import dev.ferry.spi.Event;
import dev.ferry.spi.Message;
import dev.ferry.spi.Presence;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mirror mode: one bot sits in an IRC channel and in an existing MUC room and relays each side's
 * messages to the other as {@code <nick> text}. Its XMPP address is its own IRC contact address
 * ({@code bot%server@irc.gw}), so the MUC's traffic to it reaches the IRC gateway.
 *
 * <p>Loops are cut at both ends: the bot never relays what its own nick said on either side,
 * nor MUC history. Author nicks get a zero-width space so relaying them highlights nobody.
 *
 * <p>While IRC is unreachable, what the room says is held (up to {@value #MAX_HELD} lines, in
 * memory) and relayed, with the time it was said, once the bot is back in the channel. The room
 * is told when that starts, when it ends, and about anything that could not be held or was still
 * held when the mirror stopped: a line is relayed, or the room knows it was not.
 */
final class MirrorRelay implements IrcConnectionListener {

    private static final Logger LOG = LoggerFactory.getLogger(MirrorRelay.class);
    static final String RESOURCE = "relay";
    /** The MUC forgets the bot when the XMPP server restarts; a presence now and then brings it back. */
    private static final Duration REJOIN_EVERY = Duration.ofMinutes(5);
    /** Lines held for IRC while it is unreachable; about what a lively channel says in an hour. */
    static final int MAX_HELD = 500;
    private static final java.time.format.DateTimeFormatter SAID_AT =
            java.time.format.DateTimeFormatter.ofPattern("HH:mm").withZone(java.time.ZoneOffset.UTC);

    private final RoomMirror mirror;
    private final Address bot;
    private final Address room;
    private final IrcGatewaySettings settings;
    private final EventLoopGroup group;
    private final EventEmitter emitter;
    private final Backoff reconnectDelay = Backoff.standard();
    /** Rejoining after a KICK: not at once (an op who kicks a bot back in a second is fighting it), and later after each. */
    private final Backoff rejoinDelay = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(10));
    /** Server history replays on the bot's connection, taken whole and left (event loop only). */
    private final IrcBatches serverHistory = new IrcBatches(Set.of(ServerHistory.BATCH_TYPE));
    private IrcConnection connection;
    private ScheduledFuture<?> rejoin;
    private boolean closing;
    /** Lines for IRC said while it was unreachable, oldest first, ready to send (guarded by this). */
    private final java.util.ArrayDeque<String> held = new java.util.ArrayDeque<>();
    /** Our own JOIN came back on the current connection: lines sent now reach the channel (guarded by this). */
    private boolean inChannel;
    /** Lines past {@link #MAX_HELD} in this outage, not relayed (guarded by this). */
    private int notHeld;
    /** The room has been told that IRC is unreachable (guarded by this). */
    private boolean toldDown;

    MirrorRelay(RoomMirror mirror, String gatewayDomain, IrcGatewaySettings settings, EventLoopGroup group, EventEmitter emitter) {
        this.mirror = mirror;
        this.settings = settings;
        this.group = group;
        this.emitter = emitter;
        this.bot = new Address(IrcAddress.user(mirror.ircServer(), mirror.botNick()).formatLocalpart(settings.fixedServer()),
                gatewayDomain, RESOURCE);
        int at = mirror.mucJid().indexOf('@');
        this.room = Address.of(mirror.mucJid().substring(0, at), mirror.mucJid().substring(at + 1));
    }

    synchronized void start() {
        connect();
        rejoin = group.next().scheduleAtFixedRate(this::joinMuc, REJOIN_EVERY.toSeconds(), REJOIN_EVERY.toSeconds(), TimeUnit.SECONDS);
    }

    long id() {
        return mirror.id();
    }

    /** Whether {@code event} is addressed to this relay's bot. */
    boolean owns(Event event) {
        return event.to().bare().equals(bot.bare());
    }

    /** From the MUC to IRC. Everything else the room sends the bot (presences, history) is taken and left. */
    synchronized Delivery fromXmpp(Event event) {
        if (!(event instanceof Message m) || m.kind() != Message.Kind.GROUPCHAT || m.delayed()
                || !m.from().bare().equals(room) || m.from().resource() == null
                || m.from().resource().equals(mirror.botNick())) {
            return Delivery.delivered();
        }
        String author = quiet(m.from().resource());
        boolean up = inChannel && connection != null && connection.isRegistered();
        String said = up ? "" : "[" + SAID_AT.format(m.sent()) + " UTC] ";
        for (String line : m.body().split("\r\n|\r|\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String text = said + "<" + author + "> " + IrcFormatting.fromStyling(line);
            if (up) {
                connection.privmsg(mirror.channel(), text);
            } else if (held.size() < MAX_HELD) {
                held.addLast(text);
            } else {
                notHeld++;
            }
        }
        if (!up && !toldDown) {
            toldDown = true;
            LOG.warn("mirror {} <-> {}: IRC is unreachable; holding what the room says", mirror.channel(), room);
            sayInRoom("IRC (" + mirror.channel() + " on " + mirror.ircServer() + ") is unreachable. What you say here is held"
                    + " and relayed when it is back, up to " + MAX_HELD + " lines.");
        }
        return Delivery.delivered();
    }

    /** Back in the channel: what was held goes out, oldest first, and the room hears how it went. */
    private synchronized void backInChannel(IrcConnection c) {
        if (c != connection) {
            return;
        }
        inChannel = true;
        int relayed = held.size();
        for (String line; (line = held.pollFirst()) != null; ) {
            c.privmsg(mirror.channel(), line);
        }
        if (toldDown || relayed > 0 || notHeld > 0) {
            LOG.info("mirror {} <-> {}: IRC is back; held lines relayed: {}, not held: {}", mirror.channel(), room, relayed, notHeld);
            sayInRoom("IRC (" + mirror.channel() + ") is back." + (relayed == 0 ? "" : " " + lines(relayed) + " said meanwhile "
                    + (relayed == 1 ? "was" : "were") + " relayed.") + (notHeld == 0 ? "" : " " + lines(notHeld)
                    + " could not be held and " + (notHeld == 1 ? "was" : "were") + " not relayed."));
        }
        toldDown = false;
        notHeld = 0;
    }

    /** Out of the channel on a live connection: the room is told, holds as in an outage, and the bot asks to join again later. */
    private synchronized void kicked(IrcConnection c, String by, String reason) {
        if (c != connection) {
            return;
        }
        inChannel = false;
        Duration delay = joinLater(c);
        LOG.warn("mirror {} <-> {}: kicked by {} ({}); joining again in {} s", mirror.channel(), room, by, reason, delay.toSeconds());
        toldDown = true;
        sayInRoom("The relay was kicked from " + mirror.channel() + " by " + quiet(by) + (reason.isEmpty() ? "" : " (" + reason + ")")
                + ". What you say here is held and relayed when it is back in the channel, up to " + MAX_HELD + " lines;"
                + " it asks to join again in " + delay.toSeconds() + " s.");
    }

    /** The channel refuses the bot (full, invite-only, keyed, banned, ...: {@link JoinFailures}): held lines wait, and it asks again later. */
    private synchronized void joinRefused(IrcConnection c, String why) {
        if (c != connection || closing) {
            return;
        }
        Duration delay = joinLater(c);
        LOG.warn("mirror {} <-> {}: cannot join ({}); asking again in {} s", mirror.channel(), room, why, delay.toSeconds());
    }

    /** Asks to join again after the next rejoin delay, which it returns; kicks and refusals on one connection add up. */
    private Duration joinLater(IrcConnection c) {
        Duration delay = rejoinDelay.next();
        group.next().schedule(() -> joinAgain(c), delay.toMillis(), TimeUnit.MILLISECONDS);
        return delay;
    }

    private synchronized void joinAgain(IrcConnection c) {
        if (c == connection && !closing && !inChannel) {
            c.send(IrcMessage.join(mirror.channel(), null));
        }
    }

    private static String lines(int n) {
        return n == 1 ? "1 line" : n + " lines";
    }

    /** A groupchat message from the bot: relayed IRC talk, or news about IRC. Its reflection is the bot's own, never relayed back. */
    private void sayInRoom(String text) {
        emitter.emit(new Message(bot, room, Message.Kind.GROUPCHAT, text, Optional.empty(), Optional.empty(), "",
                Optional.empty(), List.of(), Instant.now()));
    }

    @Override
    public synchronized void onRegistered(IrcConnection c, Registered r) {
        reconnectDelay.reset();
        rejoinDelay.reset(); // kicks on one connection add up (5 s, 10 s, ... 10 min): a kick war slows down
        c.send(IrcMessage.join(mirror.channel(), null));
        joinMuc();
        LOG.info("mirror {} on {} <-> {} is relaying as {}", mirror.channel(), mirror.ircServer(), room, r.nick());
    }

    @Override
    public void onMessage(IrcConnection c, IrcMessage m) {
        if (serverHistory.take(m, replay -> { })) {
            return; // the channel's history, replayed at our join (InspIRCd +H): said before, relayed then or never
        }
        if (m.command().equals("JOIN") && !m.params().isEmpty() && IrcCase.same(m.params().get(0), mirror.channel())
                && m.prefix().map(p -> IrcCase.same(p.nick(), c.nick())).orElse(false)) {
            backInChannel(c);
            return;
        }
        if (m.command().equals("KICK") && m.params().size() >= 2 && IrcCase.same(m.params().get(0), mirror.channel())
                && IrcCase.same(m.params().get(1), c.nick())) {
            kicked(c, m.prefix().map(p -> p.nick()).orElse("the server"), m.params().size() > 2 ? m.params().get(2) : "");
            return;
        }
        if (JoinFailures.isJoinFailure(m.command()) && m.params().size() >= 2 && IrcCase.same(m.params().get(1), mirror.channel())) {
            joinRefused(c, m.params().get(m.params().size() - 1));
            return;
        }
        if (!(m.command().equals("PRIVMSG") || m.command().equals("NOTICE")) || m.params().size() < 2
                || !IrcCase.same(m.params().get(0), mirror.channel())) {
            return;
        }
        String nick = m.prefix().map(p -> p.nick()).orElse("");
        if (nick.isEmpty() || IrcCase.same(nick, c.nick())) {
            return; // our own relay coming back (echo-message): never relayed twice
        }
        String text = m.params().get(1);
        String body = text.startsWith("\u0001ACTION ")
                ? "* " + quiet(nick) + " " + IrcFormatting.toStyling(text.substring(8).replace("\u0001", ""))
                : "<" + quiet(nick) + "> " + IrcFormatting.toStyling(text);
        sayInRoom(body);
    }

    @Override
    public synchronized void onDisconnected(IrcConnection c, String reason) {
        if (c != connection) {
            return;
        }
        connection = null;
        inChannel = false;
        serverHistory.clear();
        if (closing) {
            return;
        }
        Duration delay = reconnectDelay.next();
        LOG.warn("mirror {} on {}: IRC connection lost ({}); reconnecting in {} ms", mirror.channel(), mirror.ircServer(),
                reason, delay.toMillis());
        group.next().schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    synchronized void close() {
        closing = true;
        if (rejoin != null) {
            rejoin.cancel(false);
        }
        if (connection != null) {
            connection.close("mirror stopped");
        }
        if (!held.isEmpty() || notHeld > 0) {
            LOG.warn("mirror {} <-> {} stopped with {} lines not relayed to IRC", mirror.channel(), room, held.size() + notHeld);
            sayInRoom("This mirror is stopping; " + lines(held.size() + notHeld) + " said here while IRC was unreachable "
                    + (held.size() + notHeld == 1 ? "was" : "were") + " not relayed.");
            held.clear();
        }
        emitter.emit(new Presence(bot, occupant(), Presence.Availability.UNAVAILABLE, Optional.empty(), 0));
    }

    private synchronized void connect() {
        if (closing || connection != null) {
            return;
        }
        IrcClientSettings s = IrcServerPreferences.defaults(settings, "Ferry mirror of " + room)
                .toClientSettings(mirror.ircServer(), mirror.botNick(), settings);
        connection = IrcConnection.open(s, group, this);
    }

    private void joinMuc() {
        emitter.emit(new Presence(bot, occupant(), Presence.Availability.AVAILABLE, Optional.of("relaying " + mirror.channel()), 0,
                true));
    }

    private Address occupant() {
        return new Address(room.local(), room.domain(), mirror.botNick());
    }

    /** {@code alice} → {@code a\u200Blice}: shown the same, but no longer a word that highlights alice. */
    static String quiet(String nick) {
        return nick.length() < 2 ? nick : nick.charAt(0) + "\u200B" + nick.substring(1);
    }
}
