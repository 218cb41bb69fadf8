package dev.ferry.sip.gateway;

import dev.ferry.mappings.address.SipAddress;

/**
 * A SIP account an XMPP user registered on the gateway (XEP-0077): the address of record, who to
 * authenticate as, and the registrar (also the proxy the account's requests go through). The
 * password is not here: it stays encrypted in the store until a challenge needs it.
 */
record SipAccount(String owner, SipAddress aor, String authUser, String registrar, int expires) {
}
