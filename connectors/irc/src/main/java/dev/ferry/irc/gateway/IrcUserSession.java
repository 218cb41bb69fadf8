package dev.ferry.irc.gateway;

import dev.ferry.irc.client.SharedValues;
import dev.ferry.mappings.address.AddressException;
import dev.ferry.mappings.address.IrcAddress;
import dev.ferry.spi.Address;
import dev.ferry.spi.Delivery;
import dev.ferry.spi.Event;
import dev.ferry.spi.Failure;
import dev.ferry.spi.Message;
import dev.ferry.spi.MessageError;
import dev.ferry.spi.RoomDirectory;
import dev.ferry.spi.RoomEvent;
import io.netty.channel.EventLoopGroup;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything one XMPP user does on IRC: one {@link ServerLink} per IRC server, opened on the
 * first join or private message, shared by all the user's resources, closed when the user has
 * left every channel on it.
 */
final class IrcUserSession implements dev.ferry.spi.Session {

    private static final Logger LOG = LoggerFactory.getLogger(IrcUserSession.class);

    private final Address user;
    private final String gatewayDomain;
    private final IrcGatewaySettings settings;
    private final EventLoopGroup group;
    private final EventEmitter emitter;
    private final ArchiveWriter archive;
    private final Function<String, IrcServerPreferences> preferences;
    private final java.util.function.Predicate<String> persistentRoom;
    /** Server → link; a user is on one or two servers, so the table starts at its smallest. */
    private final Map<String, ServerLink> links = new ConcurrentHashMap<>(1);

    IrcUserSession(Address user, String gatewayDomain, IrcGatewaySettings settings, EventLoopGroup group, EventEmitter emitter,
                   ArchiveWriter archive, Function<String, IrcServerPreferences> preferences,
                   java.util.function.Predicate<String> persistentRoom) {
        this.archive = archive;
        this.persistentRoom = persistentRoom;
        this.preferences = preferences;
        this.user = user.bare();
        this.gatewayDomain = gatewayDomain;
        this.settings = settings;
        this.group = group;
        this.emitter = emitter;
    }

    @Override
    public Address user() {
        return user;
    }

    @Override
    public CompletionStage<Delivery> send(Event event) {
        IrcAddress target;
        try {
            target = IrcAddress.parse(event.to().local(), settings.fixedServer());
        } catch (AddressException e) {
            return done(Delivery.failed(Failure.ITEM_NOT_FOUND, e.getMessage()));
        }
        if (event instanceof RoomEvent room) {
            return room(room, target);
        }
        if (event instanceof Message message) {
            return message(message, target);
        }
        if (event instanceof MessageError error) {
            return tellSender(error, target);
        }
        // Chat states, receipts and contact presence have no IRC counterpart in this version.
        return done(Delivery.delivered());
    }

    private CompletionStage<Delivery> room(RoomEvent e, IrcAddress target) {
        if (target.kind() != IrcAddress.Kind.ROOM) {
            return done(Delivery.failed(Failure.ITEM_NOT_FOUND, target.target() + " is not an IRC channel"));
        }
        ServerLink link = links.get(target.server());
        switch (e.kind()) {
            case JOIN:
                if (e.to().resource() == null) {
                    return done(Delivery.failed(Failure.BAD_REQUEST, "join with a nick: room@gateway/nick"));
                }
                return link(target.server()).join(e.from(), target.target(), e.to().resource(), e.password(), e.history());
            case LEAVE:
                return done(link == null ? Delivery.delivered() : closeIfIdle(target.server(), link.leave(e.from(), target.target(), e.text())));
            case TOPIC:
                return done(link == null ? notJoined(target) : link.setTopic(target.target(), e.text().orElse("")));
            default:
                return done(Delivery.failed(Failure.BAD_REQUEST, "cannot " + e.kind() + " from XMPP"));
        }
    }

    private CompletionStage<Delivery> message(Message m, IrcAddress target) {
        switch (target.kind()) {
            case ROOM: {
                ServerLink link = links.get(target.server());
                return link == null ? done(notJoined(target)) : link.sayInChannel(m, target.target());
            }
            case USER:
                ServerLink link = link(target.server());
                return link.sayPrivately(m, target.target(), link.preferredNick().orElseGet(this::defaultNick));
            default:
                return done(Delivery.failed(Failure.FEATURE_NOT_IMPLEMENTED,
                        "messages to the IRC server itself are not supported; Ferry never sends raw IRC commands"));
        }
    }

    /**
     * The XMPP side refused (or may not have received) a private message an IRC user sent this
     * user's nick: the IRC user is told by a NOTICE from that nick — on a new connection if need
     * be (after a restart of Ferry, messages a killed run had written are reported this way).
     * Errors about channel lines are not passed on: a line reaches many occupants, and its sender
     * cannot act on one copy (occupants are told instead, see the bridge's InDoubtMessages).
     */
    private CompletionStage<Delivery> tellSender(MessageError error, IrcAddress target) {
        String reason = error.text().orElseGet(() -> error.failure().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
        if (target.kind() != IrcAddress.Kind.USER) {
            LOG.info("an XMPP error about a line in {} on {} is not passed on: {}", target.target(), target.server(), reason);
            return done(Delivery.delivered());
        }
        ServerLink link = link(target.server());
        return link.tell(target.target(), "Ferry: your message to " + error.from().bare() + " — " + reason,
                link.preferredNick().orElseGet(this::defaultNick));
    }

    /** Joins a persistent channel with nobody of the user's present (at start). */
    void autoJoin(String server, String channel) {
        ServerLink link = link(server);
        link.autoJoin(channel, link.preferredNick().orElseGet(this::defaultNick));
    }

    /** The channels of {@code server}; a connection opened just for this quits after the linger. */
    CompletionStage<List<RoomDirectory.Listing>> listChannels(String server) {
        ServerLink link = link(server);
        return link.listChannels(link.preferredNick().orElseGet(this::defaultNick))
                .whenComplete((list, error) -> closeIfIdle(server, Delivery.delivered()));
    }

    private ServerLink link(String server) {
        // Every user's link to a server names it: one shared copy of the name, not one per puppet.
        return links.computeIfAbsent(SharedValues.canonical(server), s -> new ServerLink(s, user, gatewayDomain, settings, preferences.apply(s), group, emitter, archive,
                persistentRoom));
    }

    /** After the linger, a connection with no channel left is closed (unless the user came back). */
    private Delivery closeIfIdle(String server, Delivery d) {
        ServerLink link = links.get(server);
        if (link != null && link.isIdle()) {
            group.next().schedule(() -> {
                if (link.isIdle() && links.remove(server, link)) {
                    link.close("left all channels");
                }
            }, settings.lingerSeconds(), TimeUnit.SECONDS);
        }
        return d;
    }

    /** Biboumi's choice: the JID's local part, reduced to characters IRC nicks allow. */
    private String defaultNick() {
        String n = user.local() == null ? "ferry" : user.local().replaceAll("[^A-Za-z0-9\\[\\]\\\\`_^{|}-]", "");
        if (n.isEmpty() || Character.isDigit(n.charAt(0)) || n.charAt(0) == '-') {
            n = "x" + n;
        }
        return n.length() > 30 ? n.substring(0, 30) : n;
    }

    private static Delivery notJoined(IrcAddress target) {
        return Delivery.failed(Failure.NOT_ACCEPTABLE, "you are not in " + target.target() + "; join it first");
    }

    private static CompletionStage<Delivery> done(Delivery d) {
        return CompletableFuture.completedFuture(d);
    }

    @Override
    public void close() {
        links.values().forEach(l -> l.close("gateway shutting down"));
        links.clear();
    }
}
