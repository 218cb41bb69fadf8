package dev.ferry.mappings.store;

import java.time.Instant;

/**
 * A foreign address that belongs to a JID.
 *
 * @param jid            bare JID of the owner
 * @param network        "irc", "sip", "mail"
 * @param foreignAddress address on that network, as the connector writes it
 * @param verified       whether ownership was proven (e.g. a mail round trip, SIP REGISTER)
 * @param createdAt      when the link was made
 */
public record LinkedAccount(String jid, String network, String foreignAddress, boolean verified, Instant createdAt) {
}
