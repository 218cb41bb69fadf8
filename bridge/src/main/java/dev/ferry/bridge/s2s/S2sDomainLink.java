package dev.ferry.bridge.s2s;

import dev.ferry.bridge.stream.StanzaLink;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a gateway in s2s mode sends through: each stanza goes to the route of its {@code to}
 * domain (which sends it or keeps it in the outbox), or straight back in when the domain is one
 * of ours. Handing over never fails while the server runs, so the gateway's own outbox stays empty.
 */
final class S2sDomainLink implements StanzaLink {

    private static final Logger LOG = LoggerFactory.getLogger(S2sDomainLink.class);

    private final S2sServer server;
    private final String domain;

    S2sDomainLink(S2sServer server, String domain) {
        this.server = server;
        this.domain = domain;
    }

    @Override
    public String domain() {
        return domain;
    }

    @Override
    public boolean isUp() {
        return server.isRunning();
    }

    @Override
    public boolean send(CharSequence stanzaXml) {
        if (!server.isRunning()) {
            return false;
        }
        String xml = stanzaXml.toString();
        String to = Jids.domainOf(ElementView.head(xml).attribute("to"));
        if (to.isEmpty()) {
            // The gateway addresses every stanza it writes; one without 'to' is a bug to see in the log.
            LOG.error("s2s {}: a stanza without 'to' cannot be routed: {}", domain, xml.length() > 200 ? xml.substring(0, 200) : xml);
            return true;
        }
        if (server.serves(to)) {
            server.deliver(to, Jids.withComponentNamespace(xml));
            return true;
        }
        server.route(domain, to).sender().send(xml);
        return true;
    }

    @Override
    public CompletableFuture<Void> sendAndConfirm(CharSequence stanzaXml) {
        return send(stanzaXml) ? CompletableFuture.completedFuture(null)
                : CompletableFuture.failedFuture(new IllegalStateException("the s2s server is not running"));
    }
}
