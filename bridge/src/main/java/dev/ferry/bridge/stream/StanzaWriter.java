package dev.ferry.bridge.stream;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLStreamReader;

/**
 * Re-serializes one top-level element from parser events as standalone XML.
 *
 * <p>A stanza inherits its namespaces from {@code <stream:stream>}; cut out of the stream it would
 * lose them. So every namespace an element or attribute uses is declared where it is first used and
 * not already bound the same way: the stanza's default namespace ends up on the stanza itself.
 * Namespace declarations present in the input are kept too (they may be referenced from content).
 */
final class StanzaWriter {

    private final StringBuilder out = new StringBuilder(256);
    /** Output bindings prefix → namespace, innermost element first. */
    private final Deque<Map<String, String>> scopes = new ArrayDeque<>();
    private final Deque<String> openNames = new ArrayDeque<>();
    /** True while the last start tag still lacks its closing '>' (it may become "/>"). */
    private boolean startTagOpen;

    void startElement(XMLStreamReader reader) {
        closeStartTag();
        Map<String, String> declared = new LinkedHashMap<>();
        String prefix = nonNull(reader.getPrefix());
        bind(declared, prefix, nonNull(reader.getNamespaceURI()));
        for (int i = 0; i < reader.getNamespaceCount(); i++) {
            bind(declared, nonNull(reader.getNamespacePrefix(i)), nonNull(reader.getNamespaceURI(i)));
        }
        for (int i = 0; i < reader.getAttributeCount(); i++) {
            String attributePrefix = nonNull(reader.getAttributePrefix(i));
            if (!attributePrefix.isEmpty()) {
                bind(declared, attributePrefix, nonNull(reader.getAttributeNamespace(i)));
            }
        }
        String name = prefix.isEmpty() ? reader.getLocalName() : prefix + ":" + reader.getLocalName();
        out.append('<').append(name);
        declared.forEach((p, uri) -> {
            out.append(p.isEmpty() ? " xmlns" : " xmlns:" + p).append("=\"");
            XmlEscaping.appendAttribute(out, uri);
            out.append('"');
        });
        for (int i = 0; i < reader.getAttributeCount(); i++) {
            String attributePrefix = nonNull(reader.getAttributePrefix(i));
            out.append(' ');
            if (!attributePrefix.isEmpty()) {
                out.append(attributePrefix).append(':');
            }
            out.append(reader.getAttributeLocalName(i)).append("=\"");
            XmlEscaping.appendAttribute(out, reader.getAttributeValue(i));
            out.append('"');
        }
        scopes.push(declared);
        openNames.push(name);
        startTagOpen = true;
    }

    void text(String characters) {
        closeStartTag();
        XmlEscaping.appendText(out, characters);
    }

    void endElement() {
        String name = openNames.pop();
        scopes.pop();
        if (startTagOpen) {
            out.append("/>");
            startTagOpen = false;
        } else {
            out.append("</").append(name).append('>');
        }
    }

    /** True once the top-level element has been closed. */
    boolean complete() {
        return openNames.isEmpty() && out.length() > 0;
    }

    String xml() {
        return out.toString();
    }

    private void closeStartTag() {
        if (startTagOpen) {
            out.append('>');
            startTagOpen = false;
        }
    }

    private void bind(Map<String, String> declared, String prefix, String uri) {
        if (prefix.equals(XMLConstants.XML_NS_PREFIX)) {
            return; // bound by definition, must not be declared
        }
        String current = declared.containsKey(prefix) ? declared.get(prefix) : lookup(prefix);
        if (!uri.equals(current)) {
            declared.put(prefix, uri);
        }
    }

    private String lookup(String prefix) {
        for (Map<String, String> scope : scopes) {
            String uri = scope.get(prefix);
            if (uri != null) {
                return uri;
            }
        }
        return prefix.isEmpty() ? "" : null; // the default namespace starts out empty; prefixes start unbound
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
