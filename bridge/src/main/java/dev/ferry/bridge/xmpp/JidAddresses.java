package dev.ferry.bridge.xmpp;

import dev.ferry.spi.Address;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;

/**
 * JIDs to neutral addresses and back. The local part stays as it is on the wire (XEP-0106
 * escapes such as {@code \40} kept), so each network's address codec sees exactly what the user typed.
 */
public final class JidAddresses {

    private JidAddresses() {
    }

    public static Address toAddress(Jid jid) {
        String local = jid.getLocalpartOrNull() == null ? null : jid.getLocalpartOrNull().toString();
        String resource = jid.getResourceOrNull() == null ? null : jid.getResourceOrNull().toString();
        return new Address(local, jid.getDomain().toString(), resource);
    }

    public static Jid toJid(Address address) {
        try {
            return JidCreate.from(address.local(), address.domain(), address.resource());
        } catch (XmppStringprepException e) {
            throw new IllegalArgumentException("not a valid JID: " + address + " (" + e.getMessage() + ")", e);
        }
    }
}
