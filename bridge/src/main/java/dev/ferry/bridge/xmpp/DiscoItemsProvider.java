package dev.ferry.bridge.xmpp;

import java.io.IOException;
import org.jivesoftware.smack.packet.IqData;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.provider.IqProvider;
import org.jivesoftware.smack.provider.ProviderManager;
import org.jivesoftware.smack.util.ParserUtils;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.xml.XmlPullParserException;
import org.jivesoftware.smackx.disco.packet.DiscoverItems;
import org.jivesoftware.smackx.rsm.packet.RSMSet;
import org.jivesoftware.smackx.rsm.provider.RSMSetProvider;

/**
 * Smack's disco#items provider with XEP-0059 result set management: Smack's own skips the
 * {@code <set/>} a client pages an IRC server's channel list with, so it is kept here as an
 * extension of the query. Everything else parses as Smack's does.
 */
public final class DiscoItemsProvider extends IqProvider<DiscoverItems> {

    /** Replaces Smack's provider (process-wide: Smack keeps one table). */
    static void register() {
        ProviderManager.addIQProvider(DiscoverItems.ELEMENT, DiscoverItems.NAMESPACE, new DiscoItemsProvider());
    }

    @Override
    public DiscoverItems parse(XmlPullParser parser, int initialDepth, IqData iqData, XmlEnvironment xmlEnvironment)
            throws XmlPullParserException, IOException, org.jivesoftware.smack.parsing.SmackParsingException {
        DiscoverItems items = new DiscoverItems();
        items.setNode(parser.getAttributeValue("", "node"));
        while (true) {
            XmlPullParser.Event event = parser.next();
            if (event == XmlPullParser.Event.START_ELEMENT) {
                if ("item".equals(parser.getName())) {
                    DiscoverItems.Item item = new DiscoverItems.Item(ParserUtils.getJidAttribute(parser));
                    item.setName(parser.getAttributeValue("", "name"));
                    item.setNode(parser.getAttributeValue("", "node"));
                    item.setAction(parser.getAttributeValue("", "action"));
                    items.addItem(item);
                } else if (RSMSet.ELEMENT.equals(parser.getName()) && RSMSet.NAMESPACE.equals(parser.getNamespace())) {
                    items.addExtension(RSMSetProvider.INSTANCE.parse(parser));
                }
            } else if (event == XmlPullParser.Event.END_ELEMENT && parser.getDepth() == initialDepth) {
                return items;
            } else if (event == XmlPullParser.Event.END_DOCUMENT) {
                return items;
            }
        }
    }
}
