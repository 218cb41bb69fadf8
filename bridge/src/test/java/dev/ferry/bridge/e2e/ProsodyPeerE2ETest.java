package dev.ferry.bridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.ping.packet.Ping;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;

/**
 * A test's Prosody starts from nothing, though its instance name (and so its state dir) is the
 * same in every run: a mail test once received, first, a message the run before had left in
 * offline storage.
 */
@Tag("e2e")
class ProsodyPeerE2ETest {

    @Test
    void aMessageStoredOfflineInOneRunDoesNotReachTheNext() throws Exception {
        try (ProsodyPeer prosody = ProsodyPeer.start("peer-fresh", 19222, 19347)) {
            XMPPTCPConnection alice = XmppClients.login("alice", ProsodyPeer.DOMAIN, prosody.c2sPort);
            alice.sendStanza(StanzaBuilder.buildMessage("left-behind").to(JidCreate.entityBareFrom("bob@" + ProsodyPeer.DOMAIN))
                    .ofType(Message.Type.chat).setBody("for the next run").build());
            // Answered after the message is stored, since a server handles one session's stanzas in order.
            alice.createStanzaCollectorAndSend(new Ping(alice.getXMPPServiceDomain()))
                    .nextResultOrThrow();
            alice.disconnect();
        }
        BlockingQueue<Message> toBob = new LinkedBlockingQueue<>();
        try (ProsodyPeer prosody = ProsodyPeer.start("peer-fresh", 19222, 19347)) {
            XMPPTCPConnection bob = XmppClients.login("bob", ProsodyPeer.DOMAIN, prosody.c2sPort, s -> toBob.add((Message) s));
            XMPPTCPConnection alice = XmppClients.login("alice", ProsodyPeer.DOMAIN, prosody.c2sPort);
            alice.sendStanza(StanzaBuilder.buildMessage("this-run").to(JidCreate.entityBareFrom("bob@" + ProsodyPeer.DOMAIN))
                    .ofType(Message.Type.chat).setBody("said now").build());
            Message first = toBob.poll(20, TimeUnit.SECONDS);
            assertThat(first).isNotNull();
            assertThat(first.getBody()).isEqualTo("said now");
            alice.disconnect();
            bob.disconnect();
        }
    }
}
