package dev.ferry.bridge.camel;

import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/**
 * {@code xmpp-component:<domain>}: the XMPP side of Ferry as a Camel component. As a consumer it
 * yields the neutral events that XMPP users send to the domain; as a producer it sends events
 * to XMPP users from that domain (through the outbox when the link is down).
 */
@org.apache.camel.spi.annotations.Component("xmpp-component")
public final class XmppComponentComponent extends DefaultComponent {

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        XmppComponentEndpoint endpoint = new XmppComponentEndpoint(uri, this, remaining);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    GatewayDirectory gateways() {
        GatewayDirectory d = getCamelContext().getRegistry().lookupByNameAndType(GatewayDirectory.NAME, GatewayDirectory.class);
        if (d == null) {
            throw new IllegalStateException("no " + GatewayDirectory.NAME + " in the Camel registry: xmpp-component endpoints run inside Ferry only");
        }
        return d;
    }
}
