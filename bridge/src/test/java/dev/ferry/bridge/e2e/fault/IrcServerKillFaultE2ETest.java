package dev.ferry.bridge.e2e.fault;

import static org.awaitility.Awaitility.await;

import dev.ferry.bridge.e2e.E2E;
import dev.ferry.bridge.e2e.FerryUnderTest;
import dev.ferry.bridge.e2e.PeerScript;
import dev.ferry.bridge.e2e.ProsodyPeer;
import dev.ferry.bridge.e2e.XmppClients;
import dev.ferry.bridge.runtime.FerryRuntime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the IRC server (ngIRCd) in the middle of a conversation going both ways, then a
 * restart: alice (XMPP, in the channel through her puppet) and bob (a raw IRC client) each send a
 * steady stream of numbered messages to the channel and to each other privately. Every one of alice's reaches bob once or comes back to her as
 * an error stanza; every one of bob's that the server confirmed reaches alice once, and the ones it
 * never confirmed are what bob's client reports as not sent.
 */
@Tag("e2e")
class IrcServerKillFaultE2ETest {

    static final int C2S_PORT = 13000;
    static final int COMPONENT_PORT = 13001;
    static final int IRC_PORT = 13010;
    static final int SIP_PORT = 13020;
    static final String CHANNEL = "#fault";
    static final int PER_SECOND = 25;
    static final int PRIVATE_PER_SECOND = 10;

    @TempDir
    Path data;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void killNineOfTheIrcServerMidStreamLosesAndDuplicatesNothing() throws Exception {
        E2E.requireCommand("ngircd");
        PeerScript ngircd = new PeerScript("ngircd", "fault-irc", Map.of("FERRY_IRC_PORT", Integer.toString(IRC_PORT)));
        try (ProsodyPeer prosody = ProsodyPeer.start("fault-irc", C2S_PORT, COMPONENT_PORT)) {
            ngircd.run("start");
            Map<String, String> env = FerryUnderTest.env(prosody.componentPort, data);
            env.put("FERRY_IRC_DEFAULT_PORT", Integer.toString(IRC_PORT));
            env.put("FERRY_IRC_TLS", "false");
            // ngIRCd here does not throttle (MaxPenaltyTime = 0); paced at 2 lines/s, most of alice's
            // stream would wait in Ferry's queue and only test the pacing.
            env.put("FERRY_IRC_FLOOD_LINES_PER_SECOND", "0");
            env.put("FERRY_SIP_LISTEN", "udp:127.0.0.1:" + SIP_PORT);
            try (FerryRuntime ferry = FerryUnderTest.start(env)) {
                ferry.firstConnect().get(30, TimeUnit.SECONDS);
                XMPPTCPConnection alice = XmppClients.login("alice", ProsodyPeer.DOMAIN, prosody.c2sPort);
                try {
                    streamThroughTheKill(alice, ngircd);
                } finally {
                    alice.disconnect();
                }
            }
        } finally {
            ngircd.tryRun("stop");
        }
    }

    private void streamThroughTheKill(XMPPTCPConnection alice, PeerScript ngircd) throws Exception {
        MessageTally toIrc = new MessageTally("irc-server-kill9-xmpp-to-irc");
        MessageTally toXmpp = new MessageTally("irc-server-kill9-irc-to-xmpp");
        MessageTally toIrcPrivate = new MessageTally("irc-server-kill9-xmpp-to-irc-private");
        MessageTally toXmppPrivate = new MessageTally("irc-server-kill9-irc-to-xmpp-private");
        EntityBareJid bobJid = JidCreate.entityBareFrom("bob%localhost@irc.localhost");
        MultiUserChat muc = MultiUserChatManager.getInstanceFor(alice)
                .getMultiUserChat(JidCreate.entityBareFrom(CHANNEL + "%localhost@irc.localhost"));
        muc.addMessageListener(m -> {
            if (m.getBody() != null && m.getFrom().hasResource() && "bob".equals(m.getFrom().getResourceOrThrow().toString())) {
                toXmpp.delivered(m.getBody());
            }
        });
        alice.addSyncStanzaListener(s -> toXmppPrivate.delivered(((Message) s).getBody()),
                s -> s instanceof Message m && m.getType() == Message.Type.chat && m.getBody() != null
                        && m.getFrom() != null && m.getFrom().asBareJid().equals(bobJid));
        AtomicInteger inFlight = new AtomicInteger();
        alice.addAsyncStanzaListener(s -> {
            Message m = (Message) s;
            MessageTally tally = m.getFrom() != null && m.getFrom().asBareJid().equals(bobJid) ? toIrcPrivate : toIrc;
            tally.erroredFrom(m.getBody(), m.getError().toString());
            if (String.valueOf(m.getError().getDescriptiveText()).contains("before the server confirmed")) {
                inFlight.incrementAndGet();
            }
        }, s -> s instanceof Message m && m.getType() == Message.Type.error);

        AtomicBoolean puppetBack = new AtomicBoolean();
        Consumer<String> bobSees = line -> bobSaw(line, toIrc, toIrcPrivate, puppetBack);
        AtomicReference<ConfirmingIrcSender> bob = new AtomicReference<>(new ConfirmingIrcSender(IRC_PORT, "bob", CHANNEL, bobSees));
        muc.join(Resourcepart.from("alice"));

        GatedSteadyStream fromAlice = GatedSteadyStream.start("alice", PER_SECOND, n -> {
            try {
                muc.sendMessage(toIrc.send(n));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return true;
        });
        GatedSteadyStream fromAlicePrivately = GatedSteadyStream.start("alice-private", PRIVATE_PER_SECOND, n -> {
            try {
                alice.sendStanza(StanzaBuilder.buildMessage().to(bobJid).ofType(Message.Type.chat).setBody(toIrcPrivate.send(n)).build());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return true;
        });
        AtomicBoolean bobPaused = new AtomicBoolean();
        GatedSteadyStream fromBob = GatedSteadyStream.start("bob", PER_SECOND, n -> !bobPaused.get() && bob.get().send(toXmpp, CHANNEL, n));
        GatedSteadyStream fromBobPrivately = GatedSteadyStream.start("bob-private", PRIVATE_PER_SECOND,
                n -> !bobPaused.get() && bob.get().send(toXmppPrivate, "alice", n));
        try {
            Thread.sleep(3000);
            ngircd.run("kill9");
            bobPaused.set(true);
            puppetBack.set(false);
            Thread.sleep(2000);
            ngircd.run("start");
            // bob is back first (a person reconnecting at once); he speaks again once alice's puppet has rejoined.
            bob.set(new ConfirmingIrcSender(IRC_PORT, "bob", CHANNEL, bobSees));
            await().atMost(Duration.ofSeconds(60)).untilTrue(puppetBack);
            bobPaused.set(false);
            Thread.sleep(3000);
        } finally {
            fromAlice.stop();
            fromAlicePrivately.stop();
            fromBob.stop();
            fromBobPrivately.stop();
        }
        FaultLedgers.settle(Duration.ofSeconds(30), toIrc, toXmpp, toIrcPrivate, toXmppPrivate);
        System.out.println("bob's lines still unconfirmed: " + bob.get().unconfirmedCount());
        System.out.println("alice's messages refused because the connection ended before ngIRCd confirmed them: " + inFlight.get());
        bob.get().close();
        FaultLedgers.assertAll(toIrc, toXmpp, toIrcPrivate, toXmppPrivate);
    }

    /** What bob's IRC client shows: alice's lines count as delivered; her puppet's JOIN means she is back. */
    private static void bobSaw(String line, MessageTally toIrc, MessageTally toIrcPrivate, AtomicBoolean puppetBack) {
        if (line.startsWith(":alice!") && line.contains(" PRIVMSG " + CHANNEL + " :")) {
            toIrc.delivered(line.substring(line.indexOf(" :", line.indexOf(" PRIVMSG ")) + 2));
        } else if (line.startsWith(":alice!") && line.contains(" PRIVMSG bob :")) {
            toIrcPrivate.delivered(line.substring(line.indexOf(" :", line.indexOf(" PRIVMSG ")) + 2));
        } else if (line.startsWith(":alice!") && line.contains(" JOIN ")) {
            puppetBack.set(true);
        }
    }
}
