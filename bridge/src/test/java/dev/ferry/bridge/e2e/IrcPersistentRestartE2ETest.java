package dev.ferry.bridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.bridge.runtime.FerryRuntime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A persistent channel survives a Ferry restart: Ferry rejoins it at start, with nobody logged in. */
@Tag("e2e")
class IrcPersistentRestartE2ETest {

    static final int IRC_PORT = 16673;
    @TempDir
    Path data;

    @Test
    void persistentChannelsAreRejoinedAtStart() throws Exception {
        E2E.requireCommand("ngircd");
        PeerScript ngircd = new PeerScript("ngircd", "keep", Map.of("FERRY_IRC_PORT", Integer.toString(IRC_PORT)));
        try (ProsodyPeer prosody = ProsodyPeer.start("keep", 26222, 26347)) {
            ngircd.run("start");
            Map<String, String> env = FerryUnderTest.env(prosody.componentPort, data);
            env.put("FERRY_IRC_DEFAULT_PORT", Integer.toString(IRC_PORT));
            env.put("FERRY_IRC_TLS", "false");
            try (RawIrcClient watcher = new RawIrcClient(IRC_PORT, "watcher")) {
                watcher.send("JOIN #keep");
                watcher.await(l -> l.contains(" 366 "));
                try (FerryRuntime first = FerryUnderTest.start(env)) {
                    first.firstConnect().get(30, TimeUnit.SECONDS);
                    XMPPTCPConnection alice = XmppClients.login("alice", ProsodyPeer.DOMAIN, prosody.c2sPort);
                    try {
                        alice.sendIqRequestAndWaitForResponse(IrcGatewayE2ETest.submit(
                                JidCreate.from("#keep%localhost@irc.localhost"), Map.of("persistent", "true")));
                        MultiUserChat muc = MultiUserChatManager.getInstanceFor(alice)
                                .getMultiUserChat(JidCreate.entityBareFrom("#keep%localhost@irc.localhost"));
                        muc.join(Resourcepart.from("alice"));
                        watcher.await(l -> l.startsWith(":alice!") && l.contains("JOIN"));
                    } finally {
                        alice.disconnect(); // offline: the persistent channel keeps her nick there
                    }
                }
                watcher.await(l -> l.startsWith(":alice!") && l.contains("QUIT"));
                try (FerryRuntime second = FerryUnderTest.start(env)) {
                    assertThat(watcher.await(l -> l.startsWith(":alice!") && l.contains("JOIN"), Duration.ofSeconds(30)))
                            .contains("#keep");
                }
            }
        } finally {
            ngircd.tryRun("stop");
        }
    }
}
