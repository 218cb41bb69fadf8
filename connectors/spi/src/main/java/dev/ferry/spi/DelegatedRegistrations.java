package dev.ferry.spi;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A connector whose registrations are handled by one object it holds (usually {@link GatewayRegistrations}). */
public interface DelegatedRegistrations extends Registrations {

    /** Where registration requests go; set once the connector has started. */
    Registrations registrations();

    @Override
    default Optional<List<FormField>> form(Address user, Address target) {
        return registrations().form(user, target);
    }

    @Override
    default boolean isRegistered(Address user, Address target) {
        return registrations().isRegistered(user, target);
    }

    @Override
    default Delivery submit(Address user, Address target, Map<String, String> values) {
        return registrations().submit(user, target, values);
    }

    @Override
    default Delivery remove(Address user, Address target) {
        return registrations().remove(user, target);
    }
}
