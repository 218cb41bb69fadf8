package dev.ferry.bridge.stream;

/** The few fixed pieces of stream-level XML a component writes (everything else is a caller's stanza). */
final class StreamMarkup {

    static final String STREAMS_NS = "http://etherx.jabber.org/streams";
    static final String COMPONENT_NS = "jabber:component:accept";
    static final String STREAM_ERRORS_NS = "urn:ietf:params:xml:ns:xmpp-streams";
    static final String CLOSE = "</stream:stream>";

    private StreamMarkup() {
    }

    static String open(String domain) {
        return "<?xml version='1.0'?><stream:stream xmlns='" + COMPONENT_NS + "' xmlns:stream='" + STREAMS_NS
                + "' to='" + XmlEscaping.attribute(domain) + "'>";
    }

    /** A stream error followed by the stream close: after a stream error nothing else may be sent (RFC 6120 §4.9.1.1). */
    static String errorAndClose(String condition) {
        return "<stream:error><" + condition + " xmlns='" + STREAM_ERRORS_NS + "'/></stream:error>" + CLOSE;
    }
}
