package dev.ferry.bridge.xmpp;

import dev.ferry.spi.Address;
import java.util.Optional;

/** Whether a local part on a component domain names something the network can address. */
@FunctionalInterface
public interface AddressCheck {

    /** Empty when {@code to} is addressable; otherwise why not, in words for the sender. */
    Optional<String> problem(Address to);
}
