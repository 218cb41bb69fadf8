package dev.ferry.bridge.runtime;

import dev.ferry.bridge.service.EntityInfo;
import dev.ferry.bridge.service.GatewayProfile;
import dev.ferry.bridge.service.GatewayProfile.Identity;
import dev.ferry.mappings.address.AddressException;
import dev.ferry.mappings.address.IrcAddress;
import dev.ferry.spi.Address;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jivesoftware.smackx.disco.packet.DiscoverItems;

/**
 * disco#info for addresses with a local part. Clients ask a room before joining it (Gajim,
 * Conversations and Dino refuse rooms that do not answer as rooms), so IRC channels answer as
 * XEP-0045 rooms and IRC servers as conference services.
 */
final class NetworkEntities {

    private static final String COMMANDS = "http://jabber.org/protocol/commands";
    private static final String REGISTER = "jabber:iq:register";

    private NetworkEntities() {
    }

    static Function<Address, Optional<EntityInfo>> forNetwork(String network, String fixedIrcServer) {
        if (!network.equals("irc")) {
            return address -> Optional.empty();
        }
        return address -> {
            try {
                IrcAddress irc = IrcAddress.parse(address.local(), fixedIrcServer);
                switch (irc.kind()) {
                    case ROOM:
                        return Optional.of(new EntityInfo(
                                List.of(new Identity("conference", "irc", irc.target() + " on " + irc.server())),
                                List.of(DiscoverInfo.NAMESPACE, GatewayProfile.MUC, "urn:xmpp:mam:2", COMMANDS, REGISTER, "muc_open",
                                        "muc_nonanonymous", "muc_persistent", "muc_unsecured")));
                    case SERVER:
                        return Optional.of(new EntityInfo(
                                List.of(new Identity("conference", "irc", "IRC server " + irc.server())),
                                List.of(DiscoverInfo.NAMESPACE, DiscoverItems.NAMESPACE, GatewayProfile.MUC, COMMANDS, REGISTER)));
                    default:
                        return Optional.of(new EntityInfo(List.of(new Identity("client", "pc", irc.target() + " on " + irc.server())),
                                List.of(DiscoverInfo.NAMESPACE)));
                }
            } catch (AddressException e) {
                return Optional.empty();
            }
        };
    }
}
