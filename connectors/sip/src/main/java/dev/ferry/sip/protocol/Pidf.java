package dev.ferry.sip.protocol;

import dev.ferry.spi.Presence.Availability;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * PIDF (RFC 3863) with RPID activities (RFC 4480) ↔ XMPP availability, as RFC 7248 §5.3 maps
 * them: basic {@code closed} is unavailable; {@code open} is available, refined by the person's
 * activities ({@code away} away, {@code busy}/{@code on-the-phone}/{@code meeting} do-not-disturb,
 * {@code vacation}/{@code sleeping} extended away); the note is the status text.
 */
public final class Pidf {

    public static final String CONTENT_TYPE = "application";
    public static final String CONTENT_SUBTYPE = "pidf+xml";
    static final String NS = "urn:ietf:params:xml:ns:pidf";
    static final String DM = "urn:ietf:params:xml:ns:pidf:data-model";
    static final String RPID = "urn:ietf:params:xml:ns:pidf:rpid";

    /** What a PIDF document says. */
    public record Status(Availability availability, Optional<String> note) {
    }

    private Pidf() {
    }

    /** A PIDF document for {@code entity} (a SIP URI) with this availability and note. */
    public static String format(String entity, Availability availability, Optional<String> note) {
        try {
            StringWriter out = new StringWriter();
            XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            w.writeStartDocument("UTF-8", "1.0");
            w.writeStartElement("presence");
            w.writeDefaultNamespace(NS);
            w.writeNamespace("dm", DM);
            w.writeNamespace("rpid", RPID);
            w.writeAttribute("entity", entity);
            w.writeStartElement(NS, "tuple");
            w.writeAttribute("id", "ferry");
            w.writeStartElement(NS, "status");
            w.writeStartElement(NS, "basic");
            w.writeCharacters(availability == Availability.UNAVAILABLE ? "closed" : "open");
            w.writeEndElement();
            w.writeEndElement();
            if (note.isPresent()) {
                w.writeStartElement(NS, "note");
                w.writeCharacters(note.get());
                w.writeEndElement();
            }
            w.writeEndElement(); // tuple
            activity(availability).ifPresent(a -> {
                try {
                    w.writeStartElement(DM, "person");
                    w.writeAttribute("id", "p");
                    w.writeStartElement(RPID, "activities");
                    w.writeEmptyElement(RPID, a);
                    w.writeEndElement();
                    w.writeEndElement();
                } catch (XMLStreamException e) {
                    throw new IllegalStateException(e);
                }
            });
            w.writeEndElement();
            w.writeEndDocument();
            w.close();
            return out.toString();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write PIDF", e);
        }
    }

    private static Optional<String> activity(Availability a) {
        switch (a) {
            case AWAY: return Optional.of("away");
            case EXTENDED_AWAY: return Optional.of("vacation");
            case DO_NOT_DISTURB: return Optional.of("busy");
            default: return Optional.empty();
        }
    }

    /** The availability a PIDF document announces; empty when it is not PIDF. */
    public static Optional<Status> parse(byte[] body) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setExpandEntityReferences(false);
            var b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            Document doc = b.parse(new ByteArrayInputStream(body));
            Element root = doc.getDocumentElement();
            if (!"presence".equals(root.getLocalName()) || !NS.equals(root.getNamespaceURI())) {
                return Optional.empty();
            }
            boolean open = false;
            NodeList basics = root.getElementsByTagNameNS(NS, "basic");
            for (int i = 0; i < basics.getLength(); i++) {
                open |= "open".equals(basics.item(i).getTextContent().trim());
            }
            Optional<String> note = first(root, NS, "note").or(() -> first(root, DM, "note"));
            if (!open) {
                return Optional.of(new Status(Availability.UNAVAILABLE, note));
            }
            Availability availability = Availability.AVAILABLE;
            NodeList activities = root.getElementsByTagNameNS(RPID, "activities");
            for (int i = 0; i < activities.getLength(); i++) {
                for (Node n = activities.item(i).getFirstChild(); n != null; n = n.getNextSibling()) {
                    if (n.getNodeType() == Node.ELEMENT_NODE) {
                        availability = fromActivity(n.getLocalName(), availability);
                    }
                }
            }
            return Optional.of(new Status(availability, note));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static Availability fromActivity(String activity, Availability current) {
        switch (activity) {
            case "away": return Availability.AWAY;
            case "busy": case "on-the-phone": case "meeting": case "performance": case "presentation": return Availability.DO_NOT_DISTURB;
            case "vacation": case "sleeping": return Availability.EXTENDED_AWAY;
            default: return current;
        }
    }

    private static Optional<String> first(Element root, String ns, String name) {
        NodeList l = root.getElementsByTagNameNS(ns, name);
        return l.getLength() == 0 ? Optional.empty() : Optional.of(l.item(0).getTextContent().trim()).filter(s -> !s.isEmpty());
    }
}
