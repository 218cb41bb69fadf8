package dev.ferry.irc.gateway;

import dev.ferry.spi.Delivery;
import dev.ferry.spi.Failure;
import java.util.Map;
import java.util.Optional;

/** IRC numerics that refuse a JOIN, as XEP-0045 join errors. */
final class JoinFailures {

    private static final Map<String, Failure> BY_NUMERIC = Map.of(
            "403", Failure.ITEM_NOT_FOUND,          // ERR_NOSUCHCHANNEL
            "405", Failure.NOT_ACCEPTABLE,          // ERR_TOOMANYCHANNELS
            "471", Failure.SERVICE_UNAVAILABLE,     // ERR_CHANNELISFULL: XEP-0045 "room is full"
            "473", Failure.NOT_AUTHORIZED,          // ERR_INVITEONLYCHAN
            "474", Failure.FORBIDDEN,               // ERR_BANNEDFROMCHAN
            "475", Failure.NOT_AUTHORIZED,          // ERR_BADCHANNELKEY: XEP-0045 "password required"
            "477", Failure.NOT_AUTHORIZED,          // ERR_NEEDREGGEDNICK
            "437", Failure.RESOURCE_CONSTRAINT);    // ERR_UNAVAILRESOURCE

    private JoinFailures() {
    }

    static boolean isJoinFailure(String command) {
        return BY_NUMERIC.containsKey(command);
    }

    static Optional<Delivery> of(String numeric, String serverText) {
        Failure f = BY_NUMERIC.get(numeric);
        return f == null ? Optional.empty() : Optional.of(Delivery.failed(f, "IRC server: " + serverText + " (" + numeric + ")"));
    }
}
