package dev.ferry.bridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.bridge.runtime.FerryRuntime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The IRC server is killed mid-conversation and comes back: the user is told, what they send
 * meanwhile is refused with an error (not lost), and the puppet reconnects and rejoins by itself.
 */
@Tag("e2e")
class IrcServerRestartE2ETest {

    static final int IRC_PORT = 16670;
    @TempDir
    Path data;

    @Test
    void killedIrcServerIsRejoinedAndNothingVanishes() throws Exception {
        E2E.requireCommand("ngircd");
        PeerScript ngircd = new PeerScript("ngircd", "restart", Map.of("FERRY_IRC_PORT", Integer.toString(IRC_PORT)));
        try (ProsodyPeer prosody = ProsodyPeer.start("ircrestart", 23222, 23347)) {
            ngircd.run("start");
            Map<String, String> env = FerryUnderTest.env(prosody.componentPort, data);
            env.put("FERRY_IRC_DEFAULT_PORT", Integer.toString(IRC_PORT));
            env.put("FERRY_IRC_TLS", "false");
            try (FerryRuntime ferry = FerryUnderTest.start(env)) {
                ferry.firstConnect().get(30, TimeUnit.SECONDS);
                XMPPTCPConnection alice = XmppClients.login("alice", ProsodyPeer.DOMAIN, prosody.c2sPort);
                try {
                    run(alice, ngircd);
                } finally {
                    alice.disconnect();
                }
            }
        } finally {
            ngircd.tryRun("stop");
        }
    }

    private void run(XMPPTCPConnection alice, PeerScript ngircd) throws Exception {
        MultiUserChat muc = MultiUserChatManager.getInstanceFor(alice)
                .getMultiUserChat(JidCreate.entityBareFrom("#restart%localhost@irc.localhost"));
        BlockingQueue<Message> roomLines = new LinkedBlockingQueue<>();
        muc.addMessageListener(m -> {
            if (m.getBody() != null) {
                roomLines.add(m);
            }
        });
        BlockingQueue<Message> errors = new LinkedBlockingQueue<>();
        alice.addAsyncStanzaListener(s -> errors.add((Message) s),
                s -> s instanceof Message m && m.getType() == Message.Type.error);

        try (RawIrcClient bob = new RawIrcClient(IRC_PORT, "bob")) {
            bob.send("JOIN #restart");
            bob.await(l -> l.contains(" 366 "));
            muc.join(Resourcepart.from("alice"));
            muc.sendMessage("before");
            assertThat(bob.await(l -> l.contains("PRIVMSG #restart"))).endsWith(":before");
        }

        ngircd.run("kill9");
        Message told = roomLines.poll(20, TimeUnit.SECONDS);
        while (told != null && !told.getBody().contains("lost the connection")) {
            told = roomLines.poll(20, TimeUnit.SECONDS);
        }
        assertThat(told).as("the user is told in the room").isNotNull();
        assertThat(told.getFrom().toString()).isEqualTo("#restart%localhost@irc.localhost");

        muc.sendMessage("during");
        Message bounced = errors.poll(10, TimeUnit.SECONDS);
        assertThat(bounced).as("a message sent while IRC is down is refused, not lost").isNotNull();
        assertThat(bounced.getError().getCondition()).isEqualTo(StanzaError.Condition.recipient_unavailable);
        assertThat(bounced.getBody()).isEqualTo("during");

        ngircd.run("start");
        try (RawIrcClient carol = new RawIrcClient(IRC_PORT, "carol")) {
            carol.send("JOIN #restart");
            carol.await(l -> l.contains(" 366 "));
            // the puppet comes back by itself and rejoins
            carol.await(l -> l.startsWith(":alice!") && l.contains("JOIN"), Duration.ofSeconds(60));
            await().atMost(Duration.ofSeconds(20)).until(() -> muc.getOccupants().stream()
                    .anyMatch(j -> j.getResourceOrThrow().toString().equals("carol")));
            muc.sendMessage("after");
            assertThat(carol.await(l -> l.contains("PRIVMSG #restart"))).endsWith(":after");
        }
    }
}
