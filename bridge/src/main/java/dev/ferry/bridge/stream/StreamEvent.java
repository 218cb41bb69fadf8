package dev.ferry.bridge.stream;

/** What {@link XmlStreamDecoder} makes of the server's bytes: immutable messages, one per stream-level event. */
sealed interface StreamEvent {

    /** The server's {@code <stream:stream>} header; {@code id} feeds the handshake. */
    record StreamOpened(String id, String from) implements StreamEvent {
    }

    /**
     * One complete top-level child of the stream, re-serialized as standalone XML.
     *
     * @param namespace the element's namespace, e.g. {@code jabber:component:accept}
     * @param localName the element's local name, e.g. {@code message} or {@code handshake}
     * @param xml       the element with every namespace it uses declared on itself
     */
    record StanzaReceived(String namespace, String localName, String xml) implements StreamEvent {
    }

    /** The server's {@code <stream:error>}: the defined condition and its optional {@code <text>}. */
    record StreamError(String condition, String text) implements StreamEvent {
    }

    /** A stanza being refused for its size; fired just before the policy-violation failure. */
    record StanzaTooLarge(RefusedStanza head) implements StreamEvent {
    }

    /** The server's {@code </stream:stream>}. */
    enum StreamClosed implements StreamEvent {
        INSTANCE
    }
}
