package dev.ferry.bridge.service;

import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smackx.disco.packet.DiscoverItems;

/**
 * XEP-0030 disco#items. The foundation has no items to list; connectors add theirs (IRC
 * servers and channels) when they land.
 */
public final class DiscoItemsHandler implements IqHandler {

    @Override
    public String element() {
        return DiscoverItems.ELEMENT;
    }

    @Override
    public String namespace() {
        return DiscoverItems.NAMESPACE;
    }

    @Override
    public IQ handle(IQ request) {
        DiscoverItems items = new DiscoverItems();
        items.setType(IQ.Type.result);
        items.setStanzaId(request.getStanzaId());
        items.setTo(request.getFrom());
        items.setFrom(request.getTo());
        items.setNode(((DiscoverItems) request).getNode());
        return items;
    }
}
