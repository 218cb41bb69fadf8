/**
 * Server-to-server mode (RFC 6120): a gateway domain federates on its own with any XMPP server
 * instead of being a component of a local one. Only the stream layer differs; the gateway services,
 * routes and connectors are the same ({@link dev.ferry.bridge.xmpp.ComponentGateway} sees a
 * {@link dev.ferry.bridge.stream.StanzaLink}).
 *
 * <ul>
 *   <li>{@link dev.ferry.bridge.s2s.S2sServer}: the listener, the outgoing routes per remote domain
 *       and the domains it serves.</li>
 *   <li>{@link dev.ferry.bridge.s2s.InboundStreamHandler}: one incoming stream — STARTTLS, SASL
 *       EXTERNAL (XEP-0178) or Server Dialback (XEP-0220), then stanzas whose {@code from} must
 *       belong to an authenticated domain.</li>
 *   <li>{@link dev.ferry.bridge.s2s.OutboundStreamHandler}: one outgoing stream — STARTTLS with
 *       certificate verification, then SASL EXTERNAL or dialback; also the dialback verification
 *       connection.</li>
 *   <li>{@link dev.ferry.bridge.s2s.RemoteRoute}: stanzas for one remote domain — sent on the
 *       authenticated connection, kept in the persistent outbox while it is down, bounced after a
 *       bounded time.</li>
 * </ul>
 * The XML framing and its hardening are the component link's ({@link dev.ferry.bridge.stream.StreamFraming}).
 */
package dev.ferry.bridge.s2s;
