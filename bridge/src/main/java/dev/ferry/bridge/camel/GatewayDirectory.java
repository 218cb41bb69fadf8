package dev.ferry.bridge.camel;

import dev.ferry.bridge.xmpp.ComponentGateway;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The running component gateways by domain; bound in the Camel registry as {@value #NAME}. */
public final class GatewayDirectory {

    public static final String NAME = "ferryGateways";

    private final Map<String, ComponentGateway> byDomain = new ConcurrentHashMap<>();

    public void add(ComponentGateway gateway) {
        byDomain.put(gateway.domain(), gateway);
    }

    public Optional<ComponentGateway> byDomain(String domain) {
        return Optional.ofNullable(byDomain.get(domain));
    }

    public Collection<ComponentGateway> all() {
        return byDomain.values();
    }
}
