package dev.ferry.irc.gateway;

import dev.ferry.irc.client.IrcConnection;
import dev.ferry.irc.client.IrcConnectionListener;
import dev.ferry.irc.client.Registered;
import dev.ferry.irc.protocol.AccountChange;
import dev.ferry.irc.protocol.IrcBatches;
import dev.ferry.irc.protocol.IrcFormatting;
import dev.ferry.irc.protocol.IrcMessage;
import dev.ferry.mappings.address.IrcAddress;
import dev.ferry.mappings.store.ArchiveRepository;
import dev.ferry.mappings.store.ArchivedMessage;
import dev.ferry.spi.Address;
import dev.ferry.spi.Backoff;
import dev.ferry.spi.Delivery;
import dev.ferry.spi.Failure;
import dev.ferry.spi.Message;
import dev.ferry.spi.RoomDirectory;
import dev.ferry.spi.RoomEvent;
import dev.ferry.spi.RoomEvent.Kind;
import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One XMPP user's connection to one IRC server (a puppet: the user appears on IRC under their
 * own nick), and the channels they joined through it. IRC lines become neutral events for the
 * user's resources; the user's events become IRC commands. State is guarded by this object:
 * IRC callbacks arrive on the event loop, the user's events on the bridge's threads.
 */
final class ServerLink implements IrcConnectionListener {

    private static final Logger LOG = LoggerFactory.getLogger(ServerLink.class);
    private static final long JOIN_TIMEOUT_SECONDS = 30;
    private static final long LIST_TIMEOUT_SECONDS = 120;
    private static final Duration LIST_CACHE = Duration.ofMinutes(5);
    private static final int MAX_LISTED = 5000;
    /** A join that asks for no particular history gets the last 20 lines, as Biboumi's default. */
    static final RoomEvent.History DEFAULT_HISTORY = new RoomEvent.History(20, Instant.EPOCH);

    private final String server;
    private final Address user;
    private final String gatewayDomain;
    private final IrcGatewaySettings settings;
    private final EventLoopGroup group;
    private final EventEmitter emitter;
    private final ArchiveWriter archive;
    private final IrcServerPreferences preferences;
    /** Whether the user made a room (by its local part) persistent: then leaving keeps the nick in it. */
    private final java.util.function.Predicate<String> persistentRoom;
    /** Folded name → channel; most puppets sit in a few channels, so the table starts small. */
    private final Map<String, ChannelState> channels = new LinkedHashMap<>(4);
    private IrcConnection connection;
    private String requestedNick;
    private boolean closing;
    /** Set once registered: only a link that worked is worth reconnecting. */
    private boolean everRegistered;
    /**
     * The link lost its server and waits out the backoff before reconnecting. Meanwhile a private
     * message is refused rather than opening a connection of its own: each failed attempt pushed the
     * backoff further (a user writing 10 messages a second while ngIRCd was down made the channel
     * rejoin wait the full 60 s) and hammered the server with connects.
     */
    private boolean reconnectPending;
    private CompletableFuture<List<RoomDirectory.Listing>> pendingList;
    private final List<RoomDirectory.Listing> listBuffer = new ArrayList<>();
    private List<RoomDirectory.Listing> listCache;
    private Instant listCachedAt = Instant.EPOCH;
    private final Backoff reconnectDelay = Backoff.standard();
    /** Services accounts and away messages of the people in the channels, shown as their presence status. */
    private final OccupantStatus statuses = new OccupantStatus();
    /** Whether accounts are kept current (account-notify) and can be asked for at join (WHOX). */
    private boolean tracksAccounts;
    /** The server's history replays (IRCv3 chathistory batches), kept whole until they end. */
    private final IrcBatches batches = new IrcBatches(Set.of(ServerHistory.BATCH_TYPE));
    /** Numbers each JOIN's fence, so a late fence of an earlier JOIN is told from the current one. */
    private int fences;
    /** Lines of history asked for after each JOIN where the server takes CHATHISTORY (Ergo, soju); 0 elsewhere. */
    private int historyRequestLimit;

    ServerLink(String server, Address user, String gatewayDomain, IrcGatewaySettings settings, IrcServerPreferences preferences,
               EventLoopGroup group, EventEmitter emitter, ArchiveWriter archive,
               java.util.function.Predicate<String> persistentRoom) {
        this.archive = archive;
        this.persistentRoom = persistentRoom;
        this.preferences = preferences;
        this.server = server;
        this.user = user.bare();
        this.gatewayDomain = gatewayDomain;
        this.settings = settings;
        this.group = group;
        this.emitter = emitter;
    }

    // ---- from XMPP to IRC ------------------------------------------------------------------

    synchronized CompletableFuture<Delivery> join(Address resource, String channel, String nick, Optional<String> key,
                                                  Optional<RoomEvent.History> history) {
        ChannelState state = channels.get(IrcCase.fold(channel));
        if (state == null) {
            state = new ChannelState(channel);
            state.key = key.orElse(null);
            channels.put(IrcCase.fold(channel), state);
        }
        if (state.synced) {
            boolean arriving = state.resources.add(resource);
            if (arriving) {
                // Another resource (or the user back in a persistent channel): the room as it is now.
                state.requestHistory(resource, history.orElse(DEFAULT_HISTORY));
                replayRoom(state, resource);
            }
            if (!IrcCase.same(nick, connection.nick())) {
                // A new nick in the room is a nick change on IRC; NICK comes back as a 303 to every resource.
                connection.send(IrcMessage.nick(nick));
            }
            return CompletableFuture.completedFuture(Delivery.delivered());
        }
        state.requestHistory(resource, history.orElse(DEFAULT_HISTORY));
        state.resources.add(resource);
        if (state.pendingJoin == null) {
            CompletableFuture<Delivery> pending = new CompletableFuture<>();
            state.pendingJoin = pending;
            pending.completeOnTimeout(Delivery.failed(Failure.REMOTE_SERVER_TIMEOUT,
                    "the IRC server " + server + " did not answer the JOIN of " + channel), JOIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        CompletableFuture<Delivery> result = state.pendingJoin;
        ChannelState joining = state;
        ensureConnected(nick).whenComplete((registered, error) -> {
            if (error != null) {
                failJoin(channel, Delivery.failed(Failure.REMOTE_SERVER_NOT_FOUND,
                        "cannot connect to the IRC server " + server + ": " + rootMessage(error)));
            } else {
                sendJoin(joining, key.orElse(null));
            }
        });
        return result;
    }

    /**
     * JOIN, fenced: the room's history and subject wait until the server has answered a PING sent
     * after it. A server that replays history on join (InspIRCd's +H) sends it after the NAMES list,
     * where nothing else marks its end; behind the fence it is in the archive before the history is
     * read, so the user gets it once, in its place (XEP-0045: before the subject). A server that
     * takes CHATHISTORY (Ergo, soju) is asked for the channel's latest lines between the two.
     */
    private synchronized void sendJoin(ChannelState state, String key) {
        if (connection == null) {
            return; // lost meanwhile: the reconnect rejoins
        }
        int fence = ++fences;
        state.historyFence = fence;
        IrcMessage join = IrcMessage.join(state.name, key);
        CompletableFuture<Void> answered;
        if (historyRequestLimit > 0) {
            connection.send(join);
            answered = connection.sendConfirmed(ServerHistory.request(state.name, historyRequestLimit));
        } else {
            answered = connection.sendConfirmed(join);
        }
        answered.whenComplete((ok, error) -> historyFenceReached(state, fence));
    }

    /** Whatever the server had to say about the JOIN has arrived: now the room's history and subject. */
    private synchronized void historyFenceReached(ChannelState state, int fence) {
        if (state.historyFence != fence) {
            return; // a later JOIN's fence stands
        }
        state.historyFence = 0;
        if (state.synced && channels.get(IrcCase.fold(state.name)) == state) {
            state.resources.forEach(r -> historyAndSubject(state, r));
        }
    }

    /** Joins a channel for nobody yet (a persistent channel at start); the user's later join finds it ready. */
    synchronized void autoJoin(String channel, String nick) {
        if (channels.containsKey(IrcCase.fold(channel))) {
            return;
        }
        ChannelState state = new ChannelState(channel);
        channels.put(IrcCase.fold(channel), state);
        ensureConnected(nick).whenComplete((registered, error) -> {
            if (error != null) {
                failJoin(channel, Delivery.failed(Failure.REMOTE_SERVER_NOT_FOUND, rootMessage(error)));
            } else {
                sendJoin(state, null);
            }
        });
    }

    synchronized Delivery leave(Address resource, String channel, Optional<String> message) {
        ChannelState state = channels.get(IrcCase.fold(channel));
        if (state == null) {
            return Delivery.delivered();
        }
        state.left(resource);
        String nick = state.shownNick != null ? state.shownNick : connection != null ? connection.nick() : requestedNick;
        emitter.emit(RoomEvent.leave(occupant(state.name, nick), resource, message, true));
        if (state.resources.isEmpty() && persistentRoom.test(room(state.name).local())) {
            return Delivery.delivered(); // persistent: the nick stays, the archive keeps what is said
        }
        if (state.resources.isEmpty()) {
            channels.remove(IrcCase.fold(channel));
            if (connection != null && connection.isRegistered()) {
                connection.send(IrcMessage.part(state.name, message.orElse(null)));
            }
        }
        return Delivery.delivered();
    }

    /** Completes when the IRC server has confirmed the message, or with the error its sender is told. */
    synchronized CompletableFuture<Delivery> sayInChannel(Message message, String channel) {
        ChannelState state = channels.get(IrcCase.fold(channel));
        if (state == null) {
            return CompletableFuture.completedFuture(
                    Delivery.failed(Failure.NOT_ACCEPTABLE, "you are not in " + channel + "; join it first"));
        }
        if (!isUp() || !state.synced) {
            return CompletableFuture.completedFuture(down());
        }
        CompletableFuture<Delivery> confirmed = confirmed(say(channel, message.body()));
        // XEP-0045: the room reflects the sender's message to all their resources, same id.
        showInRoom(state, connection.nick(), message.body(), message.thread(), message.id(), Instant.now());
        return confirmed;
    }

    synchronized CompletableFuture<Delivery> sayPrivately(Message message, String nick, String ownNick) {
        return whenConnected(ownNick, () -> sayNow(nick, message.body()));
    }

    /** Runs {@code send} once this user is on the server, connecting first if need be. */
    private synchronized CompletableFuture<Delivery> whenConnected(String ownNick, Supplier<CompletableFuture<Delivery>> send) {
        if (reconnectPending) {
            return CompletableFuture.completedFuture(down());
        }
        return ensureConnected(ownNick).handle((r, e) -> e != null
                ? CompletableFuture.completedFuture(Delivery.failed(Failure.REMOTE_SERVER_NOT_FOUND,
                        "cannot connect to the IRC server " + server + ": " + rootMessage(e)))
                : send.get()).thenCompose(d -> d);
    }

    private synchronized CompletableFuture<Delivery> sayNow(String nick, String body) {
        if (!isUp()) {
            return CompletableFuture.completedFuture(down());
        }
        return confirmed(say(nick, body));
    }

    /**
     * Delivered once the server confirmed the line; if the connection ended first, the sender is
     * told it may not have arrived (rather than nothing: it may as well be lost).
     */
    private CompletableFuture<Delivery> confirmed(CompletableFuture<Void> confirmation) {
        return confirmation.handle((ok, e) -> e == null ? Delivery.delivered()
                : Delivery.failed(Failure.RECIPIENT_UNAVAILABLE, "the connection to the IRC server " + server
                        + " ended before the server confirmed your message, so it may not have arrived (" + rootMessage(e) + ")"));
    }

    /**
     * A NOTICE from this user's nick, for Ferry's own words to someone on IRC (never from user
     * text alone); connects first if need be, like a private message.
     */
    synchronized CompletableFuture<Delivery> tell(String nick, String text, String ownNick) {
        String line = text.replaceAll("[\\r\\n\\x00]+", " ");
        return whenConnected(ownNick, () -> noticeNow(nick, line));
    }

    private synchronized CompletableFuture<Delivery> noticeNow(String nick, String text) {
        if (!isUp()) {
            return CompletableFuture.completedFuture(down());
        }
        return confirmed(connection.notice(nick, text));
    }

    synchronized Delivery setTopic(String channel, String topic) {
        if (!isUp()) {
            return down();
        }
        connection.send(IrcMessage.raw("TOPIC", channel, topic));
        return Delivery.delivered();
    }

    /**
     * The server's channels from LIST, cached for a few minutes (a big network's LIST is slow and
     * heavy); concurrent requests share one LIST.
     */
    synchronized CompletableFuture<List<RoomDirectory.Listing>> listChannels(String nick) {
        if (listCache != null && listCachedAt.plus(LIST_CACHE).isAfter(Instant.now())) {
            return CompletableFuture.completedFuture(listCache);
        }
        if (pendingList != null) {
            return pendingList;
        }
        CompletableFuture<List<RoomDirectory.Listing>> pending = new CompletableFuture<>();
        pendingList = pending;
        listBuffer.clear();
        pending.orTimeout(LIST_TIMEOUT_SECONDS, TimeUnit.SECONDS).whenComplete((r, e) -> {
            synchronized (this) {
                if (pendingList == pending) {
                    pendingList = null;
                }
            }
        });
        ensureConnected(nick).whenComplete((registered, error) -> {
            if (error != null) {
                pending.completeExceptionally(new IllegalStateException("cannot connect to " + server + ": " + rootMessage(error)));
            } else {
                connection.send(IrcMessage.raw("LIST"));
            }
        });
        return pending;
    }

    private void listed(List<String> p) {
        // 322 <me> <channel> <visible users> :<topic>
        if (pendingList != null && p.size() >= 3 && listBuffer.size() < MAX_LISTED) {
            int users;
            try {
                users = Integer.parseInt(p.get(2));
            } catch (NumberFormatException e) {
                users = 0;
            }
            String topic = p.size() > 3 ? IrcFormatting.toStyling(p.get(3)) : "";
            listBuffer.add(new RoomDirectory.Listing(room(p.get(1)), p.get(1), users, topic));
        }
    }

    private void endOfList() {
        if (pendingList != null) {
            List<RoomDirectory.Listing> done = List.copyOf(listBuffer);
            listCache = done;
            listCachedAt = Instant.now();
            listBuffer.clear();
            pendingList.complete(done);
            pendingList = null;
        }
    }

    /** The nick the user registered for this server, for connections not opened by a room join. */
    Optional<String> preferredNick() {
        return preferences.nick();
    }

    synchronized boolean isIdle() {
        return channels.isEmpty();
    }

    synchronized void close(String why) {
        closing = true;
        if (connection != null) {
            connection.close(why);
        }
    }

    /** XEP-0393 styling (*bold*, _italic_, ~strike~, `mono`) goes out as IRC formatting codes. */
    private CompletableFuture<Void> say(String target, String body) {
        if (body.startsWith("/me ")) {
            return connection.action(target, IrcFormatting.fromStyling(body.substring(4)));
        }
        return connection.privmsg(target, IrcFormatting.fromStyling(body));
    }

    private boolean isUp() {
        return connection != null && connection.isRegistered();
    }

    private Delivery down() {
        return Delivery.failed(Failure.RECIPIENT_UNAVAILABLE, "the connection to the IRC server " + server
                + " is down; your message was not sent");
    }

    private CompletableFuture<?> ensureConnected(String nick) {
        if (connection == null) {
            requestedNick = nick;
            connection = IrcConnection.open(preferences.toClientSettings(server, nick, settings), group, this);
        }
        return connection.registered();
    }

    // ---- from IRC to XMPP ------------------------------------------------------------------

    @Override
    public synchronized void onRegistered(IrcConnection c, Registered r) {
        LOG.info("{} is on IRC server {} as {}", user, server, r.nick());
        boolean reconnected = everRegistered;
        everRegistered = true;
        tracksAccounts = r.capabilities().contains("account-notify") && r.isupport().containsKey("WHOX");
        historyRequestLimit = ServerHistory.requestLimit(r);
        reconnectDelay.reset();
        if (preferences.nickservPassword() != null) {
            // The fallback where SASL is not offered: services take IDENTIFY from a private message.
            connection.send(IrcMessage.privmsg("NickServ", "IDENTIFY " + preferences.nickservPassword()));
        }
        if (!reconnected) {
            return; // the first JOINs go out from join()
        }
        for (ChannelState state : channels.values()) {
            roomNotice(state, "reconnected to " + server + "; rejoining " + state.name);
            sendJoin(state, state.key);
        }
    }

    /** Biboumi's way: the next nick is tried, and the user is told which one they got. */
    @Override
    public void onNickInUse(IrcConnection c, String tried, String next) {
        tellUser("The nick " + tried + " is taken on " + server + "; trying " + next + ".");
    }

    /** A SASL EXTERNAL login that failed or could not be tried: the user learns why and how to fix it. */
    @Override
    public void onLoginNotice(IrcConnection c, String text) {
        LOG.info("{}: login on IRC server {}: {}", user, server, text);
        tellUser(text);
    }

    /** A chat message from the server's address ({@code irc.server@gw}), where Biboumi talks to its user too. */
    private void tellUser(String text) {
        emitter.emit(new Message(Address.of(IrcAddress.server(server).formatLocalpart(settings.fixedServer()), gatewayDomain),
                user, Message.Kind.CHAT, text, Optional.empty(), Optional.empty(), "", Optional.empty(), List.of(), Instant.now()));
    }

    @Override
    public synchronized void onMessage(IrcConnection c, IrcMessage m) {
        if (batches.take(m, this::historyReplayed)) {
            return;
        }
        String from = m.prefix().map(p -> p.nick()).orElse(server);
        List<String> p = m.params();
        // A JOIN's account is shown by the join presence itself; other lines update what is shown.
        // Only about people in the user's channels (or the user): a tagged private message from a
        // stranger must not grow what is kept.
        AccountChange.of(m).filter(change -> "JOIN".equals(m.command()) || isSeen(change.nick()))
                .ifPresent(change -> accountChanged(change, !"JOIN".equals(m.command())));
        switch (m.command()) {
            case "JOIN" -> onJoin(from, p.get(0));
            case "353" -> names(p);
            case "366" -> endOfNames(p.get(1));
            case "332" -> topicOnJoin(p.get(1), p.get(p.size() - 1));
            case "TOPIC" -> topicChanged(from, p.get(0), p.size() > 1 ? p.get(1) : "");
            case "PART" -> parted(from, p.get(0), p.size() > 1 ? p.get(1) : null);
            case "QUIT" -> quit(from, p.isEmpty() ? null : p.get(0));
            case "KICK" -> kicked(from, p.get(0), p.get(1), p.size() > 2 ? p.get(2) : null);
            case "NICK" -> nickChanged(from, p.get(0));
            case "AWAY" -> away(from, p.isEmpty() || p.get(0).isEmpty() ? null : p.get(0));
            case "MODE" -> mode(p);
            case "322" -> listed(p);
            case "323" -> endOfList();
            case "PRIVMSG", "NOTICE" -> text(m, from, p.get(0), p.size() > 1 ? p.get(1) : "");
            default -> {
                if (JoinFailures.isJoinFailure(m.command()) && p.size() >= 2) {
                    failJoin(p.get(1), JoinFailures.of(m.command(), p.get(p.size() - 1)).orElseThrow());
                }
            }
        }
    }

    /**
     * A link that had worked and still has channels reconnects with backoff and rejoins them;
     * meanwhile the user sees the others leave, is told in each room, and messages they send are
     * refused with an error instead of vanishing. A link that never came up fails its joins.
     */
    @Override
    public synchronized void onDisconnected(IrcConnection c, String reason) {
        if (c != connection) {
            return;
        }
        connection = null;
        batches.clear();
        for (ChannelState state : channels.values()) {
            if (state.pendingJoin != null && !everRegistered) {
                state.pendingJoin.complete(Delivery.failed(Failure.REMOTE_SERVER_NOT_FOUND,
                        "cannot connect to the IRC server " + server + ": " + reason));
                state.pendingJoin = null;
            }
        }
        if (closing || !everRegistered || channels.isEmpty()) {
            channels.clear();
            if (!closing) {
                LOG.info("{}: IRC connection to {} ended: {}", user, server, reason);
            }
            return;
        }
        statuses.clear(); // a new connection learns accounts and away messages anew
        Duration delay = reconnectDelay.next();
        LOG.info("{}: IRC connection to {} lost ({}); reconnecting in {} ms", user, server, reason, delay.toMillis());
        for (ChannelState state : channels.values()) {
            state.synced = false;
            for (String[] o : new ArrayList<>(state.occupants.values())) {
                if (!IrcCase.same(o[0], state.shownNick)) {
                    state.remove(o[0]);
                    state.resources.forEach(r -> emitter.emit(RoomEvent.leave(occupant(state.name, o[0]), r,
                            Optional.of("(" + server + " is unreachable)"), false)));
                }
            }
            roomNotice(state, "lost the connection to " + server + " (" + reason + "); reconnecting in "
                    + Math.max(1, delay.toSeconds()) + " s. Messages sent meanwhile are refused, not kept.");
        }
        reconnectPending = true;
        group.next().schedule(this::reconnect, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void reconnect() {
        reconnectPending = false;
        if (closing || channels.isEmpty() || connection != null) {
            return;
        }
        ensureConnected(requestedNick);
    }

    /** A line from the room itself (no nick), as MUC services tell occupants about the room. */
    private void roomNotice(ChannelState state, String text) {
        for (Address r : state.resources) {
            emitter.emit(new Message(room(state.name), r, Message.Kind.GROUPCHAT, text, Optional.empty(), Optional.empty(),
                    "", Optional.empty(), List.of(), Instant.now()));
        }
    }

    private void onJoin(String nick, String channel) {
        ChannelState state = channels.get(IrcCase.fold(channel));
        if (state == null) {
            return;
        }
        String me = connection.nick();
        if (IrcCase.same(nick, me)) {
            state.put(nick.equals(me) ? me : nick, "");
            return; // the room is shown once NAMES is complete
        }
        state.put(nick, "");
        if (state.synced) {
            showStatus(state, state.get(nick));
        }
    }

    /** account-notify, account-tag, WHOX or our own login: the occupant's status says who they are logged in as. */
    private void accountChanged(AccountChange change, boolean show) {
        if (!statuses.account(change) || !show) {
            return;
        }
        for (ChannelState state : channels.values()) {
            String[] o = state.get(change.nick());
            if (o != null && state.synced) {
                showStatus(state, o);
            }
        }
    }

    /**
     * The occupant's presence as it stands: away (show=away) with the away message, or available;
     * the status text adds the services account when known ({@link OccupantStatus#describe}).
     */
    private void showStatus(ChannelState state, String[] o) {
        boolean self = connection != null && IrcCase.same(o[0], connection.nick());
        Kind kind = statuses.away(o[0]) != null ? Kind.AWAY : Kind.JOIN;
        Optional<String> status = statuses.status(o[0]);
        for (Address r : state.resources) {
            emitter.emit(new RoomEvent(occupant(state.name, o[0]), r, kind, Optional.empty(), status, IrcRoles.role(o[1]),
                    IrcRoles.affiliation(o[1]), self, Optional.empty()));
        }
    }

    /** The user, or someone in one of their channels. */
    private boolean isSeen(String nick) {
        if (connection != null && IrcCase.same(nick, connection.nick())) {
            return true;
        }
        for (ChannelState state : channels.values()) {
            if (state.get(nick) != null) {
                return true;
            }
        }
        return false;
    }

    /** Someone no longer in any of the user's channels: nothing of theirs is kept. */
    private void forgetIfGone(String nick) {
        for (ChannelState state : channels.values()) {
            if (state.get(nick) != null) {
                return;
            }
        }
        statuses.forget(nick);
    }

    private void names(List<String> p) {
        // 353 <me> <type> <channel> :<names>
        ChannelState state = channels.get(IrcCase.fold(p.get(2)));
        if (state != null && !state.synced) {
            for (String entry : p.get(3).split(" ")) {
                if (!entry.isEmpty()) {
                    state.bufferName(entry);
                }
            }
        }
    }

    private void endOfNames(String channel) {
        ChannelState state = channels.get(IrcCase.fold(channel));
        if (state == null || state.synced) {
            return;
        }
        for (String entry : state.takeNames()) {
            String[] split = IrcRoles.split(entry);
            state.put(split[1], split[0]);
        }
        state.synced = true;
        state.resources.forEach(r -> replayRoom(state, r));
        if (tracksAccounts) {
            connection.send(AccountChange.whoxRequest(state.name)); // accounts of those here before us (354)
        }
        if (state.pendingJoin != null) {
            state.pendingJoin.complete(Delivery.delivered());
            state.pendingJoin = null;
        }
    }

    /** Occupants first, the user's own presence (110) last, then the subject: XEP-0045's order. */
    private void replayRoom(ChannelState state, Address resource) {
        String me = connection.nick();
        if (state.shownNick != null && !IrcCase.same(state.shownNick, me)) {
            // After a reconnect IRC may have given us another nick: the client sees its occupant renamed.
            emitter.emit(new RoomEvent(occupant(state.name, state.shownNick), resource, Kind.NICK_CHANGE, Optional.of(me),
                    Optional.empty(), RoomEvent.Role.PARTICIPANT, RoomEvent.Affiliation.NONE, true, Optional.empty()));
        }
        state.shownNick = me;
        String[] self = state.get(me);
        for (String[] o : new ArrayList<>(state.occupants.values())) {
            if (!IrcCase.same(o[0], me)) {
                emitter.emit(occupantPresence(state, o[0], o[1], resource, false));
            }
        }
        String prefixes = self == null ? "" : self[1];
        emitter.emit(occupantPresence(state, me, prefixes, resource, true));
        if (state.historyFence == 0) {
            historyAndSubject(state, resource);
        }
    }

    /**
     * What the resource asked of the room's history, from the archive, then the subject, then the
     * live lines held for it meanwhile. The archive has those (and the ones arriving until the read)
     * already; the history leaves them out, as the resource gets them live.
     */
    private void historyAndSubject(ChannelState state, Address resource) {
        HistoryWait wait = state.takeHistoryRequest(resource);
        if (wait != null && wait.wanted().maxStanzas() > 0) {
            String roomLocal = room(state.name).local();
            int max = Math.min(wait.wanted().maxStanzas(), 500);
            Instant since = wait.wanted().since();
            emitter.later(() -> {
                // Read more than asked by what may have to be left out, and the rest that may arrive during the read.
                List<ArchivedMessage> read = archive.recent(user.toString(), roomLocal, max + wait.recorded() + 16, since);
                HistoryWait.withoutLive(read, wait.finish(), max)
                        .forEach(h -> emitter.deliver(new Message(occupant(state.name, h.nick()), resource, Message.Kind.GROUPCHAT,
                                h.body(), Optional.empty(), Optional.empty(), h.messageId() == null ? "" : h.messageId(),
                                Optional.empty(), List.of(), h.sentAt(), true)));
            });
        } else if (wait != null) {
            wait.finish();
        }
        emitter.emit(new RoomEvent(room(state.name), resource, Kind.TOPIC, Optional.empty(),
                Optional.of(state.topic == null ? "" : state.topic), RoomEvent.Role.PARTICIPANT, RoomEvent.Affiliation.NONE,
                false, Optional.empty()));
        if (wait != null) {
            wait.letGo().forEach(emitter::emit);
        }
    }

    /** An occupant as the room lists it: role, affiliation, and away/account status when known. */
    private RoomEvent occupantPresence(ChannelState state, String nick, String prefixes, Address resource, boolean self) {
        return new RoomEvent(occupant(state.name, nick), resource, statuses.away(nick) != null ? Kind.AWAY : Kind.JOIN,
                Optional.empty(), statuses.status(nick), IrcRoles.role(prefixes), IrcRoles.affiliation(prefixes), self, Optional.empty());
    }

    private void topicOnJoin(String channel, String topic) {
        ChannelState state = channels.get(IrcCase.fold(channel));
        if (state != null) {
            state.topic = topic;
        }
    }

    private void topicChanged(String nick, String channel, String topic) {
        ChannelState state = channels.get(IrcCase.fold(channel));
        if (state == null) {
            return;
        }
        state.topic = topic;
        for (Address r : state.resources) {
            emitter.emit(new RoomEvent(occupant(state.name, nick), r, Kind.TOPIC, Optional.empty(), Optional.of(topic),
                    RoomEvent.Role.PARTICIPANT, RoomEvent.Affiliation.NONE, false, Optional.empty()));
        }
    }

    private void parted(String nick, String channel, String message) {
        ChannelState state = channels.get(IrcCase.fold(channel));
        if (state == null || IrcCase.same(nick, connection.nick())) {
            return; // our own PART was already shown to the user when they left
        }
        if (state.remove(nick) != null) {
            state.resources.forEach(r -> emitter.emit(RoomEvent.leave(occupant(state.name, nick), r, Optional.ofNullable(message), false)));
            forgetIfGone(nick);
        }
    }

    private void quit(String nick, String message) {
        for (ChannelState state : channels.values()) {
            if (state.remove(nick) != null) {
                state.resources.forEach(r -> emitter.emit(RoomEvent.leave(occupant(state.name, nick), r,
                        Optional.ofNullable(message), false)));
            }
        }
        statuses.forget(nick);
    }

    private void kicked(String by, String channel, String victim, String reason) {
        ChannelState state = channels.get(IrcCase.fold(channel));
        if (state == null) {
            return;
        }
        boolean self = IrcCase.same(victim, connection.nick());
        String[] gone = state.remove(victim);
        String text = (reason == null ? "" : reason) + " (kicked by " + by + ")";
        forgetIfGone(victim);
        for (Address r : state.resources) {
            emitter.emit(new RoomEvent(occupant(state.name, gone == null ? victim : gone[0]), r, Kind.KICK, Optional.empty(),
                    Optional.of(text.trim()), RoomEvent.Role.NONE, RoomEvent.Affiliation.NONE, self, Optional.empty()));
        }
        if (self) {
            channels.remove(IrcCase.fold(channel));
        }
    }

    private void nickChanged(String oldNick, String newNick) {
        statuses.rename(oldNick, newNick);
        boolean self = IrcCase.same(oldNick, connection.nick()) || IrcCase.same(newNick, connection.nick());
        for (ChannelState state : channels.values()) {
            String[] o = state.remove(oldNick);
            if (o == null) {
                continue;
            }
            state.put(newNick, o[1]);
            if (self) {
                state.shownNick = newNick;
            }
            for (Address r : state.resources) {
                emitter.emit(new RoomEvent(occupant(state.name, oldNick), r, Kind.NICK_CHANGE, Optional.of(newNick),
                        Optional.empty(), IrcRoles.role(o[1]), IrcRoles.affiliation(o[1]), self, Optional.empty()));
            }
        }
    }

    /** IRCv3 away-notify: the server tells us when someone we share a channel with goes away or comes back. */
    private void away(String nick, String message) {
        statuses.away(nick, message);
        boolean self = connection != null && IrcCase.same(nick, connection.nick());
        for (ChannelState state : channels.values()) {
            String[] o = state.get(nick);
            if (o == null || !state.synced) {
                continue;
            }
            if (message == null && statuses.status(nick).isEmpty()) {
                // Back, and nothing else to say: the model's AWAY without text.
                for (Address r : state.resources) {
                    emitter.emit(new RoomEvent(occupant(state.name, o[0]), r, Kind.AWAY, Optional.empty(), Optional.empty(),
                            IrcRoles.role(o[1]), IrcRoles.affiliation(o[1]), self, Optional.empty()));
                }
            } else {
                showStatus(state, o); // away with its message, or back with the account still said
            }
        }
    }

    private void mode(List<String> p) {
        // MODE #chan +ov alice bob
        if (p.size() < 3) {
            return;
        }
        ChannelState state = channels.get(IrcCase.fold(p.get(0)));
        if (state == null) {
            return;
        }
        boolean adding = true;
        int arg = 2;
        for (char ch : p.get(1).toCharArray()) {
            if (ch == '+' || ch == '-') {
                adding = ch == '+';
                continue;
            }
            char prefix = IrcRoles.prefixOfMode(ch);
            if (prefix == 0 || arg >= p.size()) {
                continue;
            }
            String nick = p.get(arg++);
            String[] o = state.get(nick);
            if (o == null) {
                continue;
            }
            String prefixes = adding ? (o[1].indexOf(prefix) >= 0 ? o[1] : o[1] + prefix) : o[1].replace(String.valueOf(prefix), "");
            state.put(o[0], prefixes);
            boolean self = IrcCase.same(nick, connection.nick());
            state.resources.forEach(r -> emitter.emit(RoomEvent.join(occupant(state.name, o[0]), r, IrcRoles.role(prefixes),
                    IrcRoles.affiliation(prefixes), self)));
        }
    }

    private void text(IrcMessage m, String from, String target, String raw) {
        boolean notice = m.command().equals("NOTICE");
        boolean fromServer = m.prefix().map(pr -> pr.user() == null && pr.host() == null && from.contains(".")).orElse(true);
        Optional<String> text = IncomingText.body(notice, raw);
        if (text.isEmpty()) {
            answerCtcp(from, raw);
            return;
        }
        String body = text.get();
        Instant sent = IncomingText.sentAt(m).orElseGet(Instant::now);
        ChannelState state = channels.get(IrcCase.fold(target));
        if (state != null) {
            if (!state.synced || IrcCase.same(from, connection.nick())) {
                return; // our own echo: the user's message was reflected when it was sent
            }
            showInRoom(state, from, body, Optional.empty(), m.tags().get("msgid"), sent);
            return;
        }
        if (IrcCase.same(target, connection.nick()) || fromServer) {
            Address sender = fromServer
                    ? Address.of(IrcAddress.server(server).formatLocalpart(settings.fixedServer()), gatewayDomain)
                    : Address.of(IrcAddress.user(server, from).formatLocalpart(settings.fixedServer()), gatewayDomain);
            emitter.emit(new Message(sender, user, Message.Kind.CHAT, body, Optional.empty(), Optional.empty(),
                    m.tags().getOrDefault("msgid", ""), Optional.empty(), List.of(), sent));
        }
    }

    /**
     * A line said in the room now: into the archive, and to each of the user's resources in the
     * room; one still waiting for its history gets it after that history and the subject.
     */
    private void showInRoom(ChannelState state, String nick, String body, Optional<String> thread, String messageId,
                            Instant sent) {
        state.liveLine(archiveLater(state.name, nick, body, messageId, sent));
        for (Address r : state.resources) {
            Message live = new Message(occupant(state.name, nick), r, Message.Kind.GROUPCHAT, body, Optional.empty(), thread,
                    messageId == null ? "" : messageId, Optional.empty(), List.of(), sent);
            HistoryWait joining = state.waitOf(r);
            if (joining == null) {
                emitter.emit(live);
            } else {
                joining.hold(live).forEach(emitter::emit);
            }
        }
    }

    /** Into the owner's room archive, written in batches on its own thread; a store failure costs the line, not the message. */
    private ArchiveRepository.Entry archiveLater(String channel, String nick, String body, String messageId, Instant sent) {
        ArchiveRepository.Entry entry = new ArchiveRepository.Entry(user.toString(), "irc", room(channel).local(), nick, body,
                messageId, sent);
        archive.append(entry);
        return entry;
    }

    /**
     * The server replayed a channel's history (a chathistory batch). What the user's archive lacks
     * (said while they were away) is archived with the server's times; resources already in the
     * room (a rejoin after a reconnect) are shown it, as history. A joining resource gets it with the
     * room's history from the archive, behind the JOIN's fence ({@link #sendJoin}).
     */
    private void historyReplayed(IrcBatches.Batch batch) {
        ChannelState state = batch.params().isEmpty() || connection == null ? null : channels.get(IrcCase.fold(batch.params().get(0)));
        if (state == null) {
            return; // history of nothing the user is in: not asked for, not kept
        }
        if (batch.dropped() > 0) {
            LOG.info("{}: {} replayed more history of {} than Ferry keeps at once; {} older lines not taken",
                    user, server, state.name, batch.dropped());
        }
        List<ServerHistory.Line> lines = ServerHistory.lines(batch.lines(), connection.nick());
        if (lines.isEmpty()) {
            return;
        }
        List<Address> present = state.resources.stream().filter(r -> state.waitOf(r) == null).toList();
        String channel = state.name;
        String roomLocal = room(channel).local();
        emitter.later(() -> {
            Instant first = lines.stream().map(ServerHistory.Line::sentAt).min(Instant::compareTo).orElseThrow();
            Instant last = lines.stream().map(ServerHistory.Line::sentAt).max(Instant::compareTo).orElseThrow();
            List<ArchivedMessage> archived = archive.between(user.toString(), roomLocal, first.minus(ServerHistory.SAME_MOMENT),
                    last.plus(ServerHistory.SAME_MOMENT), 2 * lines.size() + 1000);
            List<ServerHistory.Line> fresh = ServerHistory.unseen(lines, archived);
            for (ServerHistory.Line l : fresh) {
                archive.append(new ArchiveRepository.Entry(user.toString(), "irc", roomLocal, l.nick(), l.body(), l.messageId(),
                        l.sentAt()));
                for (Address r : present) {
                    emitter.deliver(new Message(occupant(channel, l.nick()), r, Message.Kind.GROUPCHAT, l.body(), Optional.empty(),
                            Optional.empty(), l.messageId() == null ? "" : l.messageId(), Optional.empty(), List.of(), l.sentAt(), true));
                }
            }
        });
    }

    private void answerCtcp(String from, String text) {
        String request = text.replace("\u0001", "");
        if (request.startsWith("VERSION")) {
            connection.notice(from, "\u0001VERSION Ferry XMPP gateway\u0001");
        } else if (request.startsWith("PING") && request.chars().noneMatch(Character::isISOControl)) {
            // Echoed as sent; a payload with control characters (NUL) would not survive the line
            // splitter intact, so such a PING gets no answer rather than a broken one.
            connection.notice(from, "\u0001" + request + "\u0001");
        }
    }

    private void failJoin(String channel, Delivery failure) {
        ChannelState state;
        synchronized (this) {
            state = channels.remove(IrcCase.fold(channel));
        }
        if (state == null) {
            return;
        }
        if (state.pendingJoin != null) {
            state.pendingJoin.complete(failure);
        } else if (state.shownNick != null) {
            // A rejoin after a reconnect was refused: the user is in the room no more, and why.
            for (Address r : state.resources) {
                emitter.emit(RoomEvent.leave(occupant(state.name, state.shownNick), r, Optional.of(failure.detail()), true));
            }
        }
    }

    private Address room(String channel) {
        return Address.of(IrcAddress.room(server, channel).formatLocalpart(settings.fixedServer()), gatewayDomain);
    }

    private Address occupant(String channel, String nick) {
        Address room = room(channel);
        return new Address(room.local(), room.domain(), nick);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
