package dev.ferry.bridge.e2e.fault;

import dev.ferry.bridge.e2e.XmppClients;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jivesoftware.smack.ReconnectionManager;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.sm.predicates.ForEveryMessage;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;

/**
 * An XMPP user on a real Prosody with a Smack client using XEP-0198 stream management, the way a
 * mobile client knows which of its messages the server took: it asks for an ack after every
 * message, and a message the server never acked counts as "the sender knows it failed". Also
 * collects incoming chat bodies and server errors about its own numbered messages.
 *
 * <p>After a fault the test calls {@link #connect()} again for a fresh session (no resumption:
 * the server was killed, there is nothing to resume).
 */
final class StreamManagedXmppUser implements AutoCloseable {

    private static final String ID_PREFIX = "fault-n";

    private final String user;
    private final String domain;
    private final int port;
    private final Consumer<Message> chats;
    /** Message number → the connection it was written on. */
    private final Map<Integer, XMPPTCPConnection> sentOn = new ConcurrentHashMap<>();
    private final Set<Integer> acked = ConcurrentHashMap.newKeySet();
    private volatile XMPPTCPConnection current;
    /** Where errors the server or gateway returned about our numbered messages go. */
    private volatile MessageTally errorsTo;

    StreamManagedXmppUser(String user, String domain, int port, Consumer<Message> chats) {
        this.user = user;
        this.domain = domain;
        this.port = port;
        this.chats = chats;
    }

    /** Logs in on a new connection (the previous one is left as it is: dead after a fault). */
    void connect() throws Exception {
        XMPPTCPConnection c = new XMPPTCPConnection(XmppClients.configuration(user, domain, port, "fault"));
        c.setReplyTimeout(10_000);
        c.setUseStreamManagement(true);
        c.setUseStreamManagementResumption(false);
        ReconnectionManager.getInstanceFor(c).disableAutomaticReconnection();
        c.addRequestAckPredicate(ForEveryMessage.INSTANCE);
        c.addStanzaAcknowledgedListener(stanza -> {
            if (stanza instanceof Message m && m.getBody() != null) {
                Integer n = MessageTally.numberIn(m.getBody());
                if (n != null) {
                    acked.add(n);
                }
            }
        });
        // Sync listener: sees messages in arrival order, also the offline ones sent at login.
        c.addSyncStanzaListener(stanza -> chats.accept((Message) stanza),
                stanza -> stanza instanceof Message m && m.getType() != Message.Type.error && m.getBody() != null);
        // An error about one of our messages comes back with its id (Prosody's bounces carry no body).
        c.addSyncStanzaListener(stanza -> {
            MessageTally tally = errorsTo;
            String id = stanza.getStanzaId();
            if (tally != null && id != null && id.startsWith(ID_PREFIX)) {
                tally.errored(Integer.parseInt(id.substring(ID_PREFIX.length())), String.valueOf(stanza.getError()));
            }
        }, stanza -> stanza instanceof Message m && m.getType() == Message.Type.error);
        c.connect().login();
        if (!c.isSmEnabled()) {
            throw new IllegalStateException("the server did not enable XEP-0198 stream management (mod_smacks)");
        }
        current = c;
    }

    /**
     * Sends message {@code n} to {@code to}. A client that cannot send (not connected) is an error
     * the sender sees at once; everything written is settled later by {@link #settleUnacked}.
     */
    void sendNumbered(String to, MessageTally tally, int n) {
        String body = tally.send(n);
        errorsTo = tally;
        XMPPTCPConnection c = current;
        try {
            Message m = org.jivesoftware.smack.packet.StanzaBuilder.buildMessage(ID_PREFIX + n)
                    .to(to).ofType(Message.Type.chat).setBody(body).build();
            sentOn.put(n, c);
            c.sendStanza(m);
        } catch (Exception e) {
            sentOn.remove(n);
            tally.errored(n, "the client could not send: " + e);
        }
    }

    /** Asks the live connection for an ack and waits until it acked everything written on it. */
    void awaitAcks(Duration timeout) throws Exception {
        XMPPTCPConnection c = current;
        c.requestSmAcknowledgement();
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            boolean all = sentOn.entrySet().stream().filter(e -> e.getValue() == c).allMatch(e -> acked.contains(e.getKey()));
            if (all) {
                return;
            }
            Thread.sleep(50);
        }
    }

    /** Every message written but never acked by the server: the client knows it was not taken. */
    void settleUnacked(MessageTally tally) {
        sentOn.keySet().stream().filter(n -> !acked.contains(n))
                .forEach(n -> tally.errored(n, "not acknowledged by the server (XEP-0198)"));
    }

    int ackedCount() {
        return acked.size();
    }

    XMPPTCPConnection connection() {
        return current;
    }

    @Override
    public void close() {
        XMPPTCPConnection c = current;
        if (c != null) {
            c.disconnect();
        }
    }

    /** A user whose chat messages from {@code sender} (a bare JID) count as delivered in {@code tally}. */
    static StreamManagedXmppUser countingFrom(String user, int port, String sender, MessageTally tally) {
        return new StreamManagedXmppUser(user, FaultStage.DOMAIN, port, m -> {
            if (m.getFrom() != null && m.getFrom().asBareJid().toString().equals(sender)) {
                tally.delivered(m.getBody());
            }
        });
    }

    /** Says hello to {@code ircJid}: the first message opens this user's IRC connection; returns the puppet nick {@code ircPeer} sees. */
    String openPuppet(String ircJid, FaultIrcUser ircPeer) throws Exception {
        connection().sendStanza(connection().getStanzaFactory().buildMessageStanza()
                .to(ircJid).ofType(Message.Type.chat).setBody("hello bob").build());
        return ircPeer.firstPrivmsgFrom(Duration.ofSeconds(20));
    }
}
