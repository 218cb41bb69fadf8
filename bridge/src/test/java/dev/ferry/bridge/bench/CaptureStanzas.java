package dev.ferry.bridge.bench;

import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.chatstates.ChatState;
import org.jivesoftware.smackx.chatstates.packet.ChatStateExtension;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jxmpp.jid.impl.JidCreate;

/**
 * Sends the benchmark's three stanza kinds through a real Prosody to Ferry, so their wire form as
 * Prosody delivers it to a component can be read from the log. Run with {@code FERRY_TRACE_STANZAS=TRACE};
 * the {@code IN} lines are what {@link BenchStanzas} holds.
 */
public final class CaptureStanzas {

    public static void main(String[] args) throws Exception {
        try (LoadRig rig = new LoadRig("bench-capture", 19232, 19357).start()) {
            XMPPTCPConnection alice = rig.login("alice", "bench");
            alice.sendStanza(alice.getStanzaFactory().buildMessageStanza()
                    .to(JidCreate.entityBareFrom("somenick%irc.libera.chat@irc.localhost"))
                    .ofType(Message.Type.chat).setBody("Hello from XMPP, how are you?")
                    .addExtension(new ChatStateExtension(ChatState.active)).build());
            ServiceDiscoveryManager.getInstanceFor(alice).discoverInfo(JidCreate.domainBareFrom("irc.localhost"));
            alice.sendStanza(alice.getStanzaFactory().buildPresenceStanza()
                    .to(JidCreate.from("irc.localhost")).ofType(Presence.Type.available)
                    .setStatus("Working").setPriority(5).build());
            TimeUnit.SECONDS.sleep(2); // let the one-way stanzas reach the log before shutdown
        }
        System.exit(0);
    }
}
