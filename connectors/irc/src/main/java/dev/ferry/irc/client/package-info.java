/**
 * A Netty IRC client connection: {@link dev.ferry.irc.client.IrcConnection} opens one socket
 * (optionally TLS), registers (CAP 302, SASL PLAIN, nick fallback), keeps it alive (PING/PONG),
 * throttles what it sends (token bucket) and hands every received message to an
 * {@link dev.ferry.irc.client.IrcConnectionListener} on the event loop.
 *
 * <p>Pipeline, head to tail: {@code tls} → {@code line-framing} → {@code line-decoder} →
 * {@code message-decoder} → {@code line-encoder} → {@code flood-control} → {@code registration} →
 * {@code idle} → {@code ping} → {@code dispatch}.
 */
package dev.ferry.irc.client;
