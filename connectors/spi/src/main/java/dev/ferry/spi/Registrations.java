package dev.ferry.spi;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A connector that lets users register settings with it (XEP-0077 on the XMPP side), per
 * target: for IRC the target is a server's address ({@code irc.example.org@irc.gw}).
 */
public interface Registrations {

    /** The form for {@code user} on {@code target} with current values; empty when the target takes no registration. */
    Optional<List<FormField>> form(Address user, Address target);

    /** Whether {@code user} has registered on {@code target}. */
    boolean isRegistered(Address user, Address target);

    /** Saves the submitted values; a failed delivery names the field and the problem. */
    Delivery submit(Address user, Address target, Map<String, String> values);

    /** Forgets everything {@code user} registered on {@code target}. */
    Delivery remove(Address user, Address target);
}
