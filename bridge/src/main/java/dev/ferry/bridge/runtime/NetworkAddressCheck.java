package dev.ferry.bridge.runtime;

import dev.ferry.bridge.xmpp.AddressCheck;
import dev.ferry.mappings.address.AddressException;
import dev.ferry.mappings.address.IrcAddress;
import dev.ferry.mappings.address.MailAddress;
import dev.ferry.mappings.address.SipAddress;
import dev.ferry.spi.Address;
import java.util.Optional;
import java.util.function.Consumer;

/** The addressing contract of DESIGN.md, per network, over the codecs in {@code mappings}. */
public final class NetworkAddressCheck {

    private NetworkAddressCheck() {
    }

    public static AddressCheck forNetwork(String network, String fixedIrcServer) {
        return switch (network) {
            case "irc" -> to -> check(to, local -> IrcAddress.parse(local, fixedIrcServer));
            case "sip" -> to -> check(to, SipAddress::parse);
            case "mail" -> to -> check(to, MailAddress::parse);
            default -> throw new IllegalArgumentException("unknown network " + network);
        };
    }

    private static Optional<String> check(Address to, Consumer<String> parse) {
        try {
            parse.accept(to.local());
            return Optional.empty();
        } catch (AddressException e) {
            return Optional.of(e.getMessage());
        }
    }
}
