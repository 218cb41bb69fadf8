package dev.ferry.bridge.e2e;

import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.StanzaListener;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smackx.ping.packet.Ping;

/** Smack clients logged in to a test Prosody as one of the users src/peers creates. */
public final class XmppClients {

    private XmppClients() {
    }

    public static XMPPTCPConnection login(String user, String domain, int port) throws Exception {
        return login(user, domain, port, null);
    }

    /** Logs in with {@code listener} already listening, so offline messages sent at login are seen. */
    public static XMPPTCPConnection login(String user, String domain, int port, StanzaListener listener) throws Exception {
        XMPPTCPConnection c = new XMPPTCPConnection(configuration(user, domain, port, "test"));
        c.setReplyTimeout(10_000);
        if (listener != null) {
            // A sync listener sees stanzas in arrival order; async listeners run concurrently.
            c.addSyncStanzaListener(listener, stanza -> stanza instanceof Message);
        }
        c.connect().login();
        // login() returns once the initial presence is sent, not handled. Until Prosody has handled it,
        // a chat to the bare JID goes to offline storage, and when it is then loaded (asynchronously)
        // a message sent later can overtake it. A server handles one session's stanzas in order, so
        // the answer to a request sent now comes after. A ping, not disco#info: Smack answers
        // disco#info of a server whose entity caps it has seen from a JVM-wide cache, without asking,
        // so from the second login on that guard was no round trip at all.
        c.createStanzaCollectorAndSend(new Ping(c.getXMPPServiceDomain())).nextResultOrThrow();
        return c;
    }

    /** A loopback client configuration for a test account (password = user name), no TLS. */
    public static XMPPTCPConnectionConfiguration configuration(String user, String domain, int port, String resource) throws Exception {
        return XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain(domain)
                .setHost("127.0.0.1")
                .setPort(port)
                .setUsernameAndPassword(user, user)
                .setResource(resource)
                .setSecurityMode(SecurityMode.disabled)
                .setSendPresence(true)
                .setConnectTimeout(10_000)
                .build();
    }
}
