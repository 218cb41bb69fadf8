package dev.ferry.bridge.camel;

import dev.ferry.bridge.xmpp.ComponentGateway;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

@UriEndpoint(firstVersion = "4.22.0", scheme = "xmpp-component", title = "Ferry XMPP component",
        syntax = "xmpp-component:domain", category = {Category.CHAT}, headersClass = XmppComponentConstants.class)
public final class XmppComponentEndpoint extends DefaultEndpoint {

    @UriPath(description = "Component domain, as configured in xmpp.components.<network>.domain")
    @Metadata(required = true)
    private final String domain;

    @UriParam(label = "consumer", defaultValue = "false", description = "The route's steps never block (no store, no"
            + " network round trip, no sleep): a groupchat message may then run through the route on the XMPP link's"
            + " own thread when nothing else of the domain waits, if the network's connector takes room messages"
            + " without blocking too. Ferry's default IRC route sets it; leave it off in a route of your own unless"
            + " the same holds for every step.")
    private boolean roomMessagesOnLinkThread;

    XmppComponentEndpoint(String uri, XmppComponentComponent component, String domain) {
        super(uri, component);
        this.domain = domain;
    }

    public String getDomain() {
        return domain;
    }

    public boolean isRoomMessagesOnLinkThread() {
        return roomMessagesOnLinkThread;
    }

    public void setRoomMessagesOnLinkThread(boolean roomMessagesOnLinkThread) {
        this.roomMessagesOnLinkThread = roomMessagesOnLinkThread;
    }

    ComponentGateway gateway() {
        return ((XmppComponentComponent) getComponent()).gateways().byDomain(domain)
                .orElseThrow(() -> new IllegalStateException("xmpp-component:" + domain
                        + ": no component with that domain is configured (see xmpp.components in ferry.yaml)"));
    }

    @Override
    public Producer createProducer() {
        return new XmppComponentProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        XmppComponentConsumer consumer = new XmppComponentConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }
}
