package dev.ferry.bridge.camel;

import java.util.Map;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.DefaultEndpoint;

/**
 * {@code connector:<network>}: a foreign network behind the neutral SPI. As a producer it hands
 * an event to the user's session on that network; as a consumer it yields what the network sent.
 * A network whose connector is not in this build answers every event {@code service-unavailable}.
 */
@org.apache.camel.spi.annotations.Component("connector")
public final class ConnectorComponent extends DefaultComponent {

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        Endpoint endpoint = new ConnectorEndpoint(uri, this, remaining);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    ConnectorDirectory directory() {
        ConnectorDirectory d = getCamelContext().getRegistry().lookupByNameAndType(ConnectorDirectory.NAME, ConnectorDirectory.class);
        if (d == null) {
            throw new IllegalStateException("no " + ConnectorDirectory.NAME + " in the Camel registry: connector endpoints run inside Ferry only");
        }
        return d;
    }

    @UriEndpoint(firstVersion = "4.22.0", scheme = "connector", title = "Ferry connector",
            syntax = "connector:network", category = {Category.CHAT}, headersClass = XmppComponentConstants.class)
    public static final class ConnectorEndpoint extends DefaultEndpoint {

        @UriPath(description = "Network name: irc, sip or mail")
        @Metadata(required = true)
        private final String network;

        @UriParam(label = "consumer", defaultValue = "false", description = "The route's steps never block (no store, no"
                + " network round trip, no sleep): an event may then run through the route on the network's own thread"
                + " (the IRC event loop) when nothing else of the connector waits and the XMPP link takes it without"
                + " touching the outbox. Ferry's default IRC route sets it; leave it off in a route of your own unless"
                + " the same holds for every step.")
        private boolean eventsOnNetworkThread;

        ConnectorEndpoint(String uri, ConnectorComponent component, String network) {
            super(uri, component);
            this.network = network;
        }

        public String getNetwork() {
            return network;
        }

        public boolean isEventsOnNetworkThread() {
            return eventsOnNetworkThread;
        }

        public void setEventsOnNetworkThread(boolean eventsOnNetworkThread) {
            this.eventsOnNetworkThread = eventsOnNetworkThread;
        }

        ConnectorDirectory directory() {
            return ((ConnectorComponent) getComponent()).directory();
        }

        @Override
        public Producer createProducer() {
            return new ConnectorProducer(this);
        }

        @Override
        public Consumer createConsumer(Processor processor) throws Exception {
            Consumer consumer = new ConnectorConsumer(this, processor);
            configureConsumer(consumer);
            return consumer;
        }
    }
}
