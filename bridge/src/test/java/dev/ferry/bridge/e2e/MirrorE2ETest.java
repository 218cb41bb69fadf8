package dev.ferry.bridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.bridge.config.FerryConfig;
import dev.ferry.bridge.runtime.FerryRuntime;
import dev.ferry.mappings.store.Store;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mirror mode against a real MUC on Prosody and a real ngIRCd: one relay bot carries talk both
 * ways as {@code <nick> text}, never twice, without highlighting the authors.
 */
@Tag("e2e")
class MirrorE2ETest {

    static final int IRC_PORT = 16671;
    @TempDir
    Path data;

    @Test
    void aMucAndAChannelTalkThroughOneRelayBot() throws Exception {
        E2E.requireCommand("ngircd");
        PeerScript ngircd = new PeerScript("ngircd", "mirror", Map.of("FERRY_IRC_PORT", Integer.toString(IRC_PORT)));
        try (ProsodyPeer prosody = ProsodyPeer.start("mirror", 24222, 24347)) {
            ngircd.run("start");
            XMPPTCPConnection alice = XmppClients.login("alice", ProsodyPeer.DOMAIN, prosody.c2sPort);
            MultiUserChat muc = MultiUserChatManager.getInstanceFor(alice)
                    .getMultiUserChat(JidCreate.entityBareFrom("lounge@conference.localhost"));
            muc.create(Resourcepart.from("alice")).makeInstant();
            BlockingQueue<Message> inRoom = new LinkedBlockingQueue<>();
            muc.addMessageListener(m -> {
                if (m.getBody() != null) {
                    inRoom.add(m);
                }
            });

            Map<String, String> env = FerryUnderTest.env(prosody.componentPort, data);
            env.put("FERRY_IRC_DEFAULT_PORT", Integer.toString(IRC_PORT));
            env.put("FERRY_IRC_TLS", "false");
            FerryConfig config = FerryUnderTest.config(env);
            try (Store store = Store.open(config.store().toSettings())) {
                store.mirrors().add("localhost", "#lounge", "lounge@conference.localhost", "ferry-relay");
            }
            try (RawIrcClient ircUser = new RawIrcClient(IRC_PORT, "ircuser")) {
                ircUser.send("JOIN #lounge");
                ircUser.await(l -> l.contains(" 366 "));
                try (FerryRuntime ferry = new FerryRuntime(config).start()) {
                    ferry.firstConnect().get(30, TimeUnit.SECONDS);
                    relay(ircUser, muc, inRoom);
                }
            } finally {
                alice.disconnect();
            }
        } finally {
            ngircd.tryRun("stop");
        }
    }

    private void relay(RawIrcClient ircUser, MultiUserChat muc, BlockingQueue<Message> inRoom) throws Exception {
        ircUser.await(l -> l.startsWith(":ferry-relay!") && l.contains("JOIN"), Duration.ofSeconds(20));
        await().atMost(Duration.ofSeconds(20)).until(() -> muc.getOccupants().stream()
                .anyMatch(j -> j.getResourceOrThrow().toString().equals("ferry-relay")));

        ircUser.send("PRIVMSG #lounge :hello from irc");
        Message relayed = inRoom.poll(10, TimeUnit.SECONDS);
        assertThat(relayed.getFrom().toString()).isEqualTo("lounge@conference.localhost/ferry-relay");
        assertThat(relayed.getBody()).isEqualTo("<i\u200Brcuser> hello from irc");

        muc.sendMessage("hi irc");
        assertThat(ircUser.await(l -> l.contains("PRIVMSG #lounge"))).startsWith(":ferry-relay!")
                .endsWith(":<a\u200Blice> hi irc");
        Message own = inRoom.poll(10, TimeUnit.SECONDS);
        assertThat(own.getBody()).isEqualTo("hi irc"); // the room's reflection of alice's own message
        // nothing comes back round: no second copy on either side
        assertThat(inRoom.poll(2, TimeUnit.SECONDS)).isNull();
        ircUser.send("PRIVMSG #lounge :done");
        assertThat(inRoom.poll(10, TimeUnit.SECONDS).getBody()).isEqualTo("<i\u200Brcuser> done");
    }
}
