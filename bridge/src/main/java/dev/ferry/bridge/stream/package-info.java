/**
 * The XEP-0114 component client: one {@link dev.ferry.bridge.stream.ComponentLink} per component
 * domain keeps a stream to the XMPP server's component port open, handshakes, delivers received
 * stanzas as standalone XML strings and reconnects with backoff.
 *
 * <p>A connection's pipeline, from the socket up ({@link dev.ferry.bridge.stream.ComponentLinkInitializer}):
 * <pre>
 * idle            IdleStateHandler: fires writer-idle after keepaliveInterval without writes
 * keepalive       WhitespaceKeepalive: writes one space on writer-idle
 * xml-decoder     XmlStreamDecoder: bytes → StreamOpened / StanzaReceived / StreamError / StreamClosed (Aalto, hardened)
 * stream-encoder  StreamEncoder: outgoing String → UTF-8 bytes
 * handshake       ComponentHandshakeHandler: stream header, &lt;handshake&gt;, acceptance, handshake deadline
 * stanza-dispatch StanzaDispatchHandler: stanzas to the listener; every ending → one LinkFailure
 * </pre>
 * Nothing but framing and the handshake runs on the event loop; listener callbacks run there too
 * and must hand real work to the caller's executor.
 *
 * <p>{@link dev.ferry.bridge.stream.StreamFraming} lends the decoder and encoder to the
 * server-to-server streams ({@code dev.ferry.bridge.s2s}); {@link dev.ferry.bridge.stream.StanzaLink}
 * is what gateways send through in either mode.
 */
package dev.ferry.bridge.stream;
