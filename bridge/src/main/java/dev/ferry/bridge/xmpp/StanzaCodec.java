package dev.ferry.bridge.xmpp;

import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.packet.StreamOpen;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.util.PacketParserUtils;
import org.jivesoftware.smack.xml.XmlPullParser;

/**
 * Stanza text from the component stream to Smack's stanza model and back.
 * Stanzas are written without an {@code xmlns}, so they take the stream's
 * {@code jabber:component:accept} namespace as XEP-0114 requires.
 */
public final class StanzaCodec {

    /** Smack's own stanzas carry jabber:client; declaring it as the enclosing namespace keeps it off the wire. */
    static final String COMPONENT_NAMESPACE = "jabber:component:accept";

    private static final XmlEnvironment COMPONENT_STREAM = XmlEnvironment.builder()
            .withNamespace(StreamOpen.CLIENT_NAMESPACE).build();

    static {
        // Loads Smack's provider tables (disco, version, ping, time, ...) once, without a connection.
        try {
            Class.forName("org.jivesoftware.smack.SmackInitialization", true, StanzaCodec.class.getClassLoader());
            DiscoItemsProvider.register();
        } catch (ClassNotFoundException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    public Stanza parse(String xml) throws StanzaParseException {
        XmlPullParser parser = null;
        try {
            parser = PacketParserUtils.getParserFor(asClientNamespace(xml));
            Stanza stanza = PacketParserUtils.parseStanza(parser, XmlEnvironment.EMPTY);
            if (stanza == null) {
                throw new StanzaParseException("not a message, presence or iq stanza", null);
            }
            return stanza;
        } catch (StanzaParseException e) {
            throw e;
        } catch (Exception e) {
            throw new StanzaParseException(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
        } finally {
            StaxParsers.release(parser);
        }
    }

    /** Reads back a stanza {@link #serialize} wrote: its root has no namespace of its own (the stream's). */
    public Stanza parseWritten(String xml) throws StanzaParseException {
        int nameEnd = 1;
        while (nameEnd < xml.length() && " />".indexOf(xml.charAt(nameEnd)) < 0) {
            nameEnd++;
        }
        int end = xml.indexOf('>');
        boolean hasNamespace = end > 0 && xml.substring(0, end).contains(" xmlns=");
        return parse(hasNamespace ? xml : xml.substring(0, nameEnd) + " xmlns='" + StreamOpen.CLIENT_NAMESPACE + "'"
                + xml.substring(nameEnd));
    }

    /**
     * Smack finds {@code <body/>}, {@code <subject/>} and {@code <thread/>} only in
     * {@code jabber:client}; on a component stream they are in {@code jabber:component:accept}.
     * The two namespaces mean the same stanzas, so the root's default namespace is read as
     * {@code jabber:client}. Only the first start tag is touched, never a payload.
     */
    static String asClientNamespace(String xml) {
        int end = xml.indexOf('>');
        if (end < 0) {
            return xml;
        }
        String head = xml.substring(0, end);
        for (String quote : new String[] {"\"", "'"}) {
            String attr = "xmlns=" + quote + COMPONENT_NAMESPACE + quote;
            int at = head.indexOf(attr);
            if (at >= 0) {
                return xml.substring(0, at) + "xmlns=" + quote + StreamOpen.CLIENT_NAMESPACE + quote
                        + xml.substring(at + attr.length());
            }
        }
        return xml;
    }

    public String serialize(Stanza stanza) {
        return stanza.toXML(COMPONENT_STREAM).toString();
    }
}
