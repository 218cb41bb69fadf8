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
 */
final class MirrorRelay implements IrcConnectionListener {

    private static final Logger LOG = LoggerFactory.getLogger(MirrorRelay.class);
    static final String RESOURCE = "relay";
    /** The MUC forgets the bot when the XMPP server restarts; a presence now and then brings it back. */
    private static final Duration REJOIN_EVERY = Duration.ofMinutes(5);

    private final RoomMirror mirror;
    private final Address bot;
    private final Address room;
    private final IrcGatewaySettings settings;
    private final EventLoopGroup group;
    private final EventEmitter emitter;
    private final Backoff reconnectDelay = Backoff.standard();
    /** Server history replays on the bot's connection, taken whole and left (event loop only). */
    private final IrcBatches serverHistory = new IrcBatches(Set.of(ServerHistory.BATCH_TYPE));
    private IrcConnection connection;
    private ScheduledFuture<?> rejoin;
    private boolean closing;

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
        if (connection == null || !connection.isRegistered()) {
            LOG.warn("mirror {} <-> {}: IRC is down; a message from {} was not relayed", mirror.channel(), room, m.from().resource());
            return Delivery.delivered();
        }
        String author = quiet(m.from().resource());
        for (String line : m.body().split("\r\n|\r|\n")) {
            if (!line.isEmpty()) {
                connection.privmsg(mirror.channel(), "<" + author + "> " + IrcFormatting.fromStyling(line));
            }
        }
        return Delivery.delivered();
    }

    @Override
    public synchronized void onRegistered(IrcConnection c, Registered r) {
        reconnectDelay.reset();
        c.send(IrcMessage.join(mirror.channel(), null));
        joinMuc();
        LOG.info("mirror {} on {} <-> {} is relaying as {}", mirror.channel(), mirror.ircServer(), room, r.nick());
    }

    @Override
    public void onMessage(IrcConnection c, IrcMessage m) {
        if (serverHistory.take(m, replay -> { })) {
            return; // the channel's history, replayed at our join (InspIRCd +H): said before, relayed then or never
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
        emitter.emit(new Message(bot, room, Message.Kind.GROUPCHAT, body, Optional.empty(), Optional.empty(), "",
                Optional.empty(), List.of(), Instant.now()));
    }

    @Override
    public synchronized void onDisconnected(IrcConnection c, String reason) {
        if (c != connection) {
            return;
        }
        connection = null;
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
