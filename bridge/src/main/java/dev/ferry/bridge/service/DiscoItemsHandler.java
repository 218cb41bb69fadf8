package dev.ferry.bridge.service;

import dev.ferry.bridge.xmpp.JidAddresses;
import dev.ferry.spi.Address;
import dev.ferry.spi.RoomDirectory;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smackx.disco.packet.DiscoverItems;
import org.jivesoftware.smackx.rsm.packet.RSMSet;

/**
 * XEP-0030 disco#items. The gateway domain has no items; an address the network's room
 * directory lists (an IRC server) answers with its rooms, fetched without holding the gateway.
 */
public final class DiscoItemsHandler implements IqHandler {

    /** The largest page: clients render disco#items in one list; past it they page (XEP-0059). */
    static final int MAX_ITEMS = 1000;

    /** XEP-0050's node: the commands an address offers. */
    public static final String COMMANDS_NODE = "http://jabber.org/protocol/commands";

    private final Supplier<Optional<RoomDirectory>> directory;
    private final AdHocCommandsHandler commands;

    public DiscoItemsHandler() {
        this(Optional::empty, new AdHocCommandsHandler());
    }

    /**
     * @param directory lists rooms behind an address (IRC servers)
     * @param commands  the gateway's XEP-0050 commands, listed where the asking user may run them
     */
    public DiscoItemsHandler(Supplier<Optional<RoomDirectory>> directory, AdHocCommandsHandler commands) {
        this.directory = directory;
        this.commands = commands;
    }

    @Override
    public String element() {
        return DiscoverItems.ELEMENT;
    }

    @Override
    public String namespace() {
        return DiscoverItems.NAMESPACE;
    }

    @Override
    public IQ handle(IQ request) {
        if (COMMANDS_NODE.equals(((DiscoverItems) request).getNode())) {
            return commands(request);
        }
        return items(request, List.of());
    }

    private IQ commands(IQ request) {
        DiscoverItems items = (DiscoverItems) items(request, List.of());
        Address user = JidAddresses.toAddress(request.getFrom()).bare();
        Address target = JidAddresses.toAddress(request.getTo());
        for (GatewayCommand c : commands.offeredTo(user, target)) {
            DiscoverItems.Item item = new DiscoverItems.Item(request.getTo());
            item.setNode(c.node());
            item.setName(c.name());
            items.addItem(item);
        }
        return items;
    }

    @Override
    public CompletionStage<IQ> handleAsync(IQ request) {
        Address where = JidAddresses.toAddress(request.getTo());
        Optional<RoomDirectory> rooms = directory.get().filter(d -> where.local() != null && d.lists(where));
        if (rooms.isEmpty() || ((DiscoverItems) request).getNode() != null) {
            return CompletableFuture.completedFuture(handle(request));
        }
        return rooms.get().rooms(JidAddresses.toAddress(request.getFrom()).bare(), where)
                .thenApply(list -> page(request, list))
                .exceptionally(e -> IqErrors.error(request, StanzaError.Condition.remote_server_not_found,
                        "cannot list the rooms of " + request.getTo() + ": " + rootMessage(e)));
    }

    /**
     * A page of the rooms as XEP-0059 asks (clients that do not page get the first
     * {@link #MAX_ITEMS}, and a {@code <set/>} with the full count so they can tell there is more).
     */
    private static IQ page(IQ request, List<RoomDirectory.Listing> rooms) {
        List<String> keys = rooms.stream().map(r -> JidAddresses.toJid(r.room()).toString()).toList();
        try {
            ResultSetPage<RoomDirectory.Listing> page = ResultSetPage.of(rooms, keys,
                    Optional.ofNullable(RSMSet.from(request)), MAX_ITEMS);
            IQ answer = items(request, page.items());
            answer.addExtension(page.response());
            return answer;
        } catch (ResultSetPage.UnknownItemException e) {
            return IqErrors.error(request, StanzaError.Condition.item_not_found, e.getMessage());
        }
    }

    private static IQ items(IQ request, List<RoomDirectory.Listing> rooms) {
        DiscoverItems items = new DiscoverItems();
        items.setType(IQ.Type.result);
        items.setStanzaId(request.getStanzaId());
        items.setTo(request.getFrom());
        items.setFrom(request.getTo());
        items.setNode(((DiscoverItems) request).getNode());
        rooms.stream().limit(MAX_ITEMS).forEach(r -> {
            DiscoverItems.Item item = new DiscoverItems.Item(JidAddresses.toJid(r.room()));
            item.setName(r.name() + " (" + r.occupants() + ")" + (r.topic().isBlank() ? "" : ": " + r.topic()));
            items.addItem(item);
        });
        return items;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
