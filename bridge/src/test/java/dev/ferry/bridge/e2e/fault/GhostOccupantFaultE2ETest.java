package dev.ferry.bridge.e2e.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.bridge.e2e.RawIrcClient;
import dev.ferry.bridge.e2e.XmppClients;
import dev.ferry.bridge.runtime.FerryRuntime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * alice sits in an IRC channel through Ferry and logs out while the path between Ferry and
 * Prosody is stalled: her departure is written into the dead connection and lost (XEP-0114 has
 * no replay). Without more, her IRC puppet would stay in the channel for good, a ghost. After the
 * reconnect Ferry pings its rooms' occupants; Prosody answers for alice that she is gone, and her
 * puppet leaves the channel, which bob on IRC sees.
 */
@Tag("e2e")
class GhostOccupantFaultE2ETest {

    static final int C2S_PORT = FaultStage.port(12227);
    static final int COMPONENT_PORT = FaultStage.port(12353);
    static final int PROXY_PORT = FaultStage.port(12354);
    static final int IRC_PORT = FaultStage.port(12672);
    static final int SIP_PORT = FaultStage.port(12065);

    @org.junit.jupiter.api.io.TempDir
    Path data;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void anOccupantWhoLeftDuringAStallLeavesTheChannelAfterTheReconnect() throws Exception {
        try (FaultStage stage = FaultStage.start("fault-ghost", C2S_PORT, COMPONENT_PORT, IRC_PORT);
             StallingTcpProxy proxy = new StallingTcpProxy(PROXY_PORT, COMPONENT_PORT)) {
            Map<String, String> env = stage.ferryEnv(PROXY_PORT, data, SIP_PORT);
            env.put("FERRY_XMPP_DELIVERY_CHECK_SECONDS", "3");
            try (FerryRuntime ferry = FaultStage.startFerry(env);
                 RawIrcClient bob = new RawIrcClient(IRC_PORT, "bob")) {
                ferry.firstConnect().get(30, TimeUnit.SECONDS);
                bob.send("JOIN #ghosts");
                bob.await(l -> l.contains(" 366 "));
                XMPPTCPConnection alice = XmppClients.login("alice", FaultStage.DOMAIN, C2S_PORT);
                MultiUserChat room = MultiUserChatManager.getInstanceFor(alice)
                        .getMultiUserChat(JidCreate.entityBareFrom("#ghosts%localhost@" + FaultStage.IRC_GATEWAY));
                room.join(Resourcepart.from("alice"));
                String joined = bob.await(l -> l.contains(" JOIN ") && l.startsWith(":alice"), Duration.ofSeconds(20));
                String puppet = joined.substring(1, joined.indexOf('!'));

                var link = ferry.gateways().byDomain(FaultStage.IRC_GATEWAY).orElseThrow().link();
                long connection = link.connectionNumber();
                proxy.stall();
                alice.disconnect(); // her unavailable presence goes into the stalled connection
                Thread.sleep(500);
                bob.send("PRIVMSG #ghosts :anyone there?"); // Ferry writes it to alice: its delivery check finds the stall
                FaultStage.awaitNewConnection(link, connection, Duration.ofSeconds(40));

                String left = bob.await(l -> l.startsWith(":" + puppet + "!") && (l.contains(" PART ") || l.contains(" QUIT ")),
                        Duration.ofSeconds(40));
                assertThat(left).as("alice's puppet left #ghosts after the reconnect").isNotNull();
            }
        }
    }
}
