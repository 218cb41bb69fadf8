package dev.ferry.sip.protocol;

import dev.ferry.spi.ChatState;
import java.io.ByteArrayInputStream;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * RFC 3994 {@code application/im-iscomposing+xml} ↔ XEP-0085 chat states. SIP knows two states:
 * {@code active} (composing) and {@code idle}; XMPP's composing is active, every other state idle,
 * and SIP idle comes to XMPP as paused.
 */
public final class IsComposing {

    public static final String CONTENT_TYPE = "application";
    public static final String CONTENT_SUBTYPE = "im-iscomposing+xml";
    public static final String NAMESPACE = "urn:ietf:params:xml:ns:im-iscomposing";
    /** Seconds the composer promises to refresh an active state within (RFC 3994 §3.2). */
    public static final int REFRESH_SECONDS = 60;

    private IsComposing() {
    }

    /** The document for an XMPP chat state. */
    public static String format(ChatState.State state) {
        boolean active = state == ChatState.State.COMPOSING;
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<isComposing xmlns=\"" + NAMESPACE + "\">\n"
                + "  <state>" + (active ? "active" : "idle") + "</state>\n"
                + "  <contenttype>text/plain</contenttype>\n"
                + (active ? "  <refresh>" + REFRESH_SECONDS + "</refresh>\n" : "")
                + "</isComposing>\n";
    }

    /** The chat state a document announces; empty when it is not an isComposing document. */
    public static Optional<ChatState.State> parse(byte[] body) {
        try {
            Document doc = builder().parse(new ByteArrayInputStream(body));
            Element root = doc.getDocumentElement();
            if (!"isComposing".equals(root.getLocalName()) || !NAMESPACE.equals(root.getNamespaceURI())) {
                return Optional.empty();
            }
            NodeList states = root.getElementsByTagNameNS(NAMESPACE, "state");
            if (states.getLength() != 1) {
                return Optional.empty();
            }
            String state = states.item(0).getTextContent().trim();
            if (state.equals("active")) {
                return Optional.of(ChatState.State.COMPOSING);
            }
            return state.equals("idle") ? Optional.of(ChatState.State.PAUSED) : Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** A namespace-aware parser that refuses DOCTYPEs, so no entity can expand or reach a file. */
    private static DocumentBuilder builder() throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        DocumentBuilder b = f.newDocumentBuilder();
        b.setErrorHandler(null);
        return b;
    }
}
