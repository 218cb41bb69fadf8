package dev.ferry.bridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.ping.PingManager;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/** What every federation scenario must show a user: disco, ping, and an IRC room both ways. */
final class S2sFederationChecks {

    private S2sFederationChecks() {
    }

    static void discoPingAndRoom(S2sStage stage, String channel) throws Exception {
        discoPingAndRoom(stage.alice, stage.ircPort(), channel);
    }

    static void discoPingAndRoom(XMPPTCPConnection alice, int ircPort, String channel) throws Exception {
        var gateway = JidCreate.domainBareFrom(S2sStage.IRC_DOMAIN);
        DiscoverInfo info = ServiceDiscoveryManager.getInstanceFor(alice).discoverInfo(gateway);
        assertThat(info.hasIdentity("gateway", "irc")).isTrue();
        assertThat(info.getFeatures()).extracting(DiscoverInfo.Feature::getVar).contains("urn:xmpp:ping");
        assertThat(PingManager.getInstanceFor(alice).ping(gateway)).isTrue();

        try (RawIrcClient bob = new RawIrcClient(ircPort, "bob")) {
            bob.send("JOIN " + channel);
            bob.await(l -> l.contains(" 366 "));
            MultiUserChat muc = MultiUserChatManager.getInstanceFor(alice)
                    .getMultiUserChat(JidCreate.entityBareFrom(S2sStage.room(channel)));
            BlockingQueue<Message> received = new LinkedBlockingQueue<>();
            muc.addMessageListener(m -> {
                if (m.getBody() != null) {
                    received.add(m);
                }
            });
            muc.join(Resourcepart.from("alice"));
            await().atMost(Duration.ofSeconds(10)).until(() -> muc.getOccupants().size() == 2);
            bob.await(l -> l.startsWith(":alice!") && l.contains("JOIN"));
            muc.sendMessage("hello over s2s");
            assertThat(bob.await(l -> l.contains("PRIVMSG " + channel))).startsWith(":alice!").endsWith(":hello over s2s");
            bob.send("PRIVMSG " + channel + " :hello federation");
            Message fromBob = null;
            for (Message m; (m = received.poll(10, TimeUnit.SECONDS)) != null; ) {
                if ("hello federation".equals(m.getBody())) {
                    fromBob = m;
                    break;
                }
            }
            assertThat(fromBob).as("bob's IRC message reaches alice on Prosody").isNotNull();
            assertThat(fromBob.getFrom().toString()).isEqualTo(S2sStage.room(channel) + "/bob");
            muc.leave();
            assertThat(bob.await(l -> l.contains(" PART " + channel))).startsWith(":alice!");
        }
    }
}
