package dev.ferry.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * A network-neutral address: {@code local@domain/resource}. The local part is kept exactly as it
 * is on the wire, XEP-0106 escapes ({@code \40}) and {@code %} included: each connector reads it
 * through its own codec ({@code IrcAddress}, {@code SipAddress}, {@code MailAddress}), which knows
 * both forms. Neither side sees the other's types.
 */
public record Address(String local, String domain, String resource) {

    public Address {
        Objects.requireNonNull(domain, "domain");
        if (domain.isBlank()) {
            throw new IllegalArgumentException("address without a domain");
        }
        local = local == null || local.isEmpty() ? null : local;
        resource = resource == null || resource.isEmpty() ? null : resource;
    }

    public static Address of(String local, String domain) {
        return new Address(local, domain, null);
    }

    public static Address domain(String domain) {
        return new Address(null, domain, null);
    }

    public Optional<String> localPart() {
        return Optional.ofNullable(local);
    }

    public Optional<String> resourcePart() {
        return Optional.ofNullable(resource);
    }

    public Address bare() {
        return resource == null ? this : new Address(local, domain, null);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        if (local != null) {
            s.append(local).append('@');
        }
        s.append(domain);
        if (resource != null) {
            s.append('/').append(resource);
        }
        return s.toString();
    }
}
