package dev.ferry.bridge.s2s;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * What the stream handlers need of one top-level element: its name, attributes, direct text and
 * the names of its children (features, mechanisms). Read from the standalone XML the hardened
 * decoder produced, so it holds no DTD or entity; stanzas are read only up to their start tag.
 */
record ElementView(String namespace, String name, Map<String, String> attributes, String text,
                   List<ElementView> children) {

    private static final XMLInputFactory FACTORY = newFactory();

    String attribute(String localName) {
        return attributes.getOrDefault(localName, "");
    }

    boolean has(String childNamespace, String childName) {
        return child(childNamespace, childName) != null;
    }

    ElementView child(String childNamespace, String childName) {
        for (ElementView c : children) {
            if (c.namespace.equals(childNamespace) && c.name.equals(childName)) {
                return c;
            }
        }
        return null;
    }

    /** The whole element, children and text included (small control elements only). */
    static ElementView parse(String xml) {
        try {
            XMLStreamReader r = FACTORY.createXMLStreamReader(new StringReader(xml));
            while (r.next() != XMLStreamConstants.START_ELEMENT) {
                // skip to the root
            }
            return read(r, true);
        } catch (XMLStreamException e) {
            throw new IllegalArgumentException("unreadable element: " + e.getMessage(), e);
        }
    }

    /** Only the start tag: name and attributes (stanzas, whose payload is the gateway's business). */
    static ElementView head(String xml) {
        try {
            XMLStreamReader r = FACTORY.createXMLStreamReader(new StringReader(xml));
            while (r.next() != XMLStreamConstants.START_ELEMENT) {
                // skip to the root
            }
            return new ElementView(nonNull(r.getNamespaceURI()), r.getLocalName(), attributes(r), "", List.of());
        } catch (XMLStreamException e) {
            throw new IllegalArgumentException("unreadable element: " + e.getMessage(), e);
        }
    }

    private static ElementView read(XMLStreamReader r, boolean root) throws XMLStreamException {
        String ns = nonNull(r.getNamespaceURI());
        String name = r.getLocalName();
        Map<String, String> attributes = attributes(r);
        StringBuilder text = new StringBuilder();
        List<ElementView> children = new ArrayList<>();
        while (r.hasNext()) {
            int event = r.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                children.add(read(r, false));
            } else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) {
                text.append(r.getText());
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                break;
            }
        }
        return new ElementView(ns, name, attributes, text.toString().trim(), List.copyOf(children));
    }

    private static Map<String, String> attributes(XMLStreamReader r) {
        Map<String, String> attributes = new HashMap<>();
        for (int i = 0; i < r.getAttributeCount(); i++) {
            if (r.getAttributePrefix(i) == null || r.getAttributePrefix(i).isEmpty()) {
                attributes.put(r.getAttributeLocalName(i), r.getAttributeValue(i));
            }
        }
        return attributes;
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }

    private static XMLInputFactory newFactory() {
        XMLInputFactory f = new com.fasterxml.aalto.stax.InputFactoryImpl();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        return f;
    }
}
