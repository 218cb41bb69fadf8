package dev.ferry.bridge.stream;

/** What {@link XmlStreamDecoder} makes of the server's bytes: immutable messages, one per stream-level event. */
public sealed interface StreamEvent {

    /**
     * The peer's {@code <stream:stream>} header; {@code id} feeds the handshake. {@code to} and
     * {@code version} matter on server-to-server streams; absent attributes are empty strings.
     */
    record StreamOpened(String id, String from, String to, String version) implements StreamEvent {

        public StreamOpened(String id, String from) {
            this(id, from, "", "");
        }
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
