package dev.ferry.spi;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link Registrations} taken at the gateway's own domain ({@code sip.gw}, {@code mail.gw}) and
 * nowhere else: a contact's or room's address has nothing to register, and a submission there is
 * refused with {@code where} (where to register instead).
 */
public final class GatewayRegistrations implements Registrations {

    private final String domain;
    private final UserRegistration registration;
    private final String where;

    public GatewayRegistrations(String domain, UserRegistration registration, String where) {
        this.domain = domain;
        this.registration = registration;
        this.where = where;
    }

    private boolean atGateway(Address target) {
        return target.local() == null && target.resource() == null && target.domain().equals(domain);
    }

    @Override
    public Optional<List<FormField>> form(Address user, Address target) {
        return atGateway(target) ? Optional.of(registration.fields(user.bare().toString())) : Optional.empty();
    }

    @Override
    public boolean isRegistered(Address user, Address target) {
        return atGateway(target) && registration.isRegistered(user.bare().toString());
    }

    @Override
    public Delivery submit(Address user, Address target, Map<String, String> values) {
        return atGateway(target) ? registration.submit(user.bare().toString(), values)
                : Delivery.failed(Failure.ITEM_NOT_FOUND, where);
    }

    @Override
    public Delivery remove(Address user, Address target) {
        return atGateway(target) ? registration.remove(user.bare().toString())
                : Delivery.failed(Failure.ITEM_NOT_FOUND, where);
    }
}
