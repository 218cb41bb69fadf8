package dev.ferry.bridge.camel;

import dev.ferry.bridge.xmpp.ComponentGateway;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

@UriEndpoint(firstVersion = "4.22.0", scheme = "xmpp-component", title = "Ferry XMPP component",
        syntax = "xmpp-component:domain", category = {Category.CHAT}, headersClass = XmppComponentConstants.class)
public final class XmppComponentEndpoint extends DefaultEndpoint {

    @UriPath(description = "Component domain, as configured in xmpp.components.<network>.domain")
    @Metadata(required = true)
    private final String domain;

    XmppComponentEndpoint(String uri, XmppComponentComponent component, String domain) {
        super(uri, component);
        this.domain = domain;
    }

    public String getDomain() {
        return domain;
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
