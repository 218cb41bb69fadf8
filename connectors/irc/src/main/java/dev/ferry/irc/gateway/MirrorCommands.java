package dev.ferry.irc.gateway;

import dev.ferry.mappings.address.AddressException;
import dev.ferry.mappings.address.IrcAddress;
import dev.ferry.mappings.address.JidAddress;
import dev.ferry.mappings.store.MirrorRepository;
import dev.ferry.mappings.store.RoomMirror;
import dev.ferry.spi.AdminCommands;
import dev.ferry.spi.Delivery;
import dev.ferry.spi.Failure;
import dev.ferry.spi.FormField;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongPredicate;
import java.util.stream.Collectors;

/**
 * Mirror mode run by an admin from their XMPP client (XEP-0050 on the gateway domain): add, list
 * and remove mirrors. Unlike {@code ferry mirrors add}, which a running Ferry only reads at its
 * next start, these start and stop the relay bot at once; both keep the mirror in the store.
 */
final class MirrorCommands {

    static final String ADD = "mirror-add";
    static final String REMOVE = "mirror-remove";
    static final String LIST = "mirror-list";
    static final String DEFAULT_NICK = "ferry-relay";

    private final MirrorRepository store;
    private final Consumer<RoomMirror> start;
    private final LongPredicate stop;

    /**
     * @param start starts the relay of a mirror just stored
     * @param stop  stops the relay with that id; false when none was running
     */
    MirrorCommands(MirrorRepository store, Consumer<RoomMirror> start, LongPredicate stop) {
        this.store = store;
        this.start = start;
        this.stop = stop;
    }

    List<AdminCommands.Command> commands() {
        return List.of(
                new AdminCommands.Command(ADD, "Mirror an IRC channel into a room",
                        "One relay bot joins the IRC channel and the existing room and relays both ways as <nick> text.",
                        List.of(text("server", "IRC server", true, null, "e.g. irc.libera.chat"),
                                text("channel", "IRC channel", true, null, "e.g. #ferry"),
                                text("room", "Room (bare JID)", true, null, "e.g. ferry@conference.example.org"),
                                text("nick", "Bot nick", false, DEFAULT_NICK, "the bot's nick on both sides"))),
                new AdminCommands.Command(REMOVE, "Stop mirroring a channel",
                        "The bot leaves both sides and the mirror is forgotten.",
                        List.of(text("id", "Mirror number", true, null, "as the list of mirrors shows it"))),
                new AdminCommands.Command(LIST, "List mirrored channels", "", List.of()));
    }

    Delivery run(String node, Map<String, String> values) {
        switch (node) {
            case ADD:
                return add(values);
            case REMOVE:
                return remove(values.getOrDefault("id", ""));
            case LIST:
                return Delivery.delivered(describe(store.list()));
            default:
                return Delivery.failed(Failure.ITEM_NOT_FOUND, "no command " + node);
        }
    }

    private Delivery add(Map<String, String> values) {
        String server = values.getOrDefault("server", "").trim();
        String channel = values.getOrDefault("channel", "").trim();
        String room = values.getOrDefault("room", "").trim();
        String nick = Optional.ofNullable(values.get("nick")).map(String::trim).filter(n -> !n.isEmpty()).orElse(DEFAULT_NICK);
        try {
            IrcAddress.room(server, channel);
            IrcAddress.user(server, nick);
        } catch (AddressException e) {
            return Delivery.failed(Failure.BAD_REQUEST, e.getMessage());
        }
        try {
            JidAddress.parse(room);
        } catch (AddressException e) {
            return Delivery.failed(Failure.BAD_REQUEST, "room: not a room address (room@conference.example.org): " + e.getMessage());
        }
        long id;
        try {
            id = store.add(server, channel, room, nick);
        } catch (IllegalStateException | IllegalArgumentException e) {
            return Delivery.failed(Failure.NOT_ACCEPTABLE, e.getMessage());
        }
        start.accept(new RoomMirror(id, server, channel, room, nick));
        return Delivery.delivered("Mirror " + id + ": " + channel + " on " + server + " <-> " + room + " as " + nick
                + ", started.");
    }

    private Delivery remove(String idText) {
        long id;
        try {
            id = Long.parseLong(idText.trim());
        } catch (NumberFormatException e) {
            return Delivery.failed(Failure.BAD_REQUEST, "id: '" + idText + "' is not a mirror number");
        }
        if (!store.remove(id)) {
            return Delivery.failed(Failure.ITEM_NOT_FOUND, "id: there is no mirror " + id);
        }
        stop.test(id);
        return Delivery.delivered("Mirror " + id + " stopped and removed.");
    }

    static String describe(List<RoomMirror> mirrors) {
        if (mirrors.isEmpty()) {
            return "No channel is mirrored.";
        }
        return mirrors.stream().map(m -> m.id() + ": " + m.channel() + " on " + m.ircServer() + " <-> " + m.mucJid()
                + " as " + m.botNick()).collect(Collectors.joining("\n"));
    }

    private static FormField text(String var, String label, boolean required, String value, String description) {
        return new FormField(var, label, FormField.Kind.TEXT, required, Optional.ofNullable(value), description);
    }
}
