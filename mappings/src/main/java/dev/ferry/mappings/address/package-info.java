/**
 * Address codecs of the addressing contract in DESIGN.md: how an IRC channel, a SIP AOR or a
 * mail address is written as the local part of a JID on a gateway domain, and back.
 *
 * <p>Every {@code parse} takes a JID local part as it appears on the wire, XEP-0106 escaped;
 * every {@code format} returns one. Values are validated once, in the record constructor, so a
 * record that exists is safe to put on a protocol line.
 */
package dev.ferry.mappings.address;
