package dev.ferry.spi;

import java.util.List;
import java.util.Map;

/**
 * What one user registers with a network at the gateway's own address, keyed by their bare JID
 * (their SIP account, their mail address): the form, its state, submitting and forgetting it.
 * {@link GatewayRegistrations} offers it as {@link Registrations} at the gateway domain only.
 */
public interface UserRegistration {

    List<FormField> fields(String owner);

    boolean isRegistered(String owner);

    Delivery submit(String owner, Map<String, String> values);

    Delivery remove(String owner);
}
