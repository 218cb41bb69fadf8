/**
 * Ferry's SIP/SIMPLE network on JAIN-SIP RI: {@code protocol} holds the pure translators (SIP
 * requests and responses to and from the neutral model, RFC 7247 error codes, header hygiene),
 * {@code transport} the stack and its listening points, {@code gateway} the {@link dev.ferry.spi.Connector}.
 */
package dev.ferry.sip;
