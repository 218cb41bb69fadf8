package dev.ferry.bridge.e2e.fault;

import dev.ferry.bridge.e2e.E2E;
import dev.ferry.bridge.e2e.FerryUnderTest;
import dev.ferry.bridge.e2e.PeerScript;
import dev.ferry.bridge.e2e.ProsodyPeer;
import dev.ferry.bridge.e2e.SipSipp;
import dev.ferry.bridge.e2e.XmppClients;
import dev.ferry.bridge.runtime.FerryRuntime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the SIP proxy (Kamailio, with its workers) in the middle of a stream of XMPP
 * messages to a SIP phone behind it (SIPp answering 200), then a restart: every message reaches
 * the phone in exactly one SIP transaction, or alice gets an error stanza (RFC 7247: a timeout is
 * remote-server-timeout, 503 service-unavailable).
 */
@Tag("e2e")
class SipProxyKillFaultE2ETest {

    static final int C2S_PORT = 13200;
    static final int COMPONENT_PORT = 13201;
    static final int PROXY_PORT = 13210;
    static final int PHONE_PORT = 13211;
    static final int SIP_PORT = 13212;
    static final int PER_SECOND = 25;

    @TempDir
    Path data;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void killNineOfTheSipProxyMidStreamLosesAndDuplicatesNothing() throws Exception {
        E2E.requireCommand("kamailio");
        E2E.requireCommand("sipp");
        PeerScript kamailio = new PeerScript("kamailio", "fault-sip", Map.of(
                "FERRY_SIP_PORT", Integer.toString(PROXY_PORT), "FERRY_SIP_PHONE_PORT", Integer.toString(PHONE_PORT)));
        try (ProsodyPeer prosody = ProsodyPeer.start("fault-sip", C2S_PORT, COMPONENT_PORT);
             SipSipp phone = SipSipp.start("message-uas-200.xml", "127.0.0.1", PHONE_PORT, "udp", null, Map.of(),
                     "-m", "100000", "-timeout", "170")) {
            kamailio.run("start");
            Map<String, String> env = FerryUnderTest.env(prosody.componentPort, data);
            env.put("FERRY_SIP_LISTEN", "udp:127.0.0.1:" + SIP_PORT);
            env.put("FERRY_SIP_OUTBOUND_PROXY", "sip:127.0.0.1:" + PROXY_PORT);
            // Kamailio challenges requests "from itself" (its own addresses); Ferry's gateway identity is not one of them.
            env.put("FERRY_SIP_ADVERTISED_HOST", "ferry.localhost");
            try (FerryRuntime ferry = FerryUnderTest.start(env)) {
                ferry.firstConnect().get(30, TimeUnit.SECONDS);
                XMPPTCPConnection alice = XmppClients.login("alice", ProsodyPeer.DOMAIN, prosody.c2sPort);
                try {
                    streamThroughTheKill(alice, kamailio, phone);
                } finally {
                    alice.disconnect();
                }
            }
        } finally {
            kamailio.tryRun("stop");
        }
    }

    private void streamThroughTheKill(XMPPTCPConnection alice, PeerScript kamailio, SipSipp phone) throws Exception {
        MessageTally toSip = new MessageTally("sip-proxy-kill9-xmpp-to-sip");
        EntityBareJid bob = JidCreate.entityBareFrom("bob%phone.test@sip.localhost");
        Map<String, Integer> conditions = new ConcurrentHashMap<>();
        alice.addAsyncStanzaListener(s -> {
            Message m = (Message) s;
            toSip.erroredFrom(m.getBody(), m.getError().toString());
            conditions.merge(m.getError().getCondition().toString(), 1, Integer::sum);
        }, s -> s instanceof Message m && m.getType() == Message.Type.error);

        GatedSteadyStream fromAlice = GatedSteadyStream.start("alice", PER_SECOND, n -> {
            try {
                alice.sendStanza(StanzaBuilder.buildMessage("sip-" + n).to(bob).ofType(Message.Type.chat)
                        .setBody(toSip.send(n)).build());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return true;
        });
        try {
            Thread.sleep(3000);
            kamailio.run("kill9");
            Thread.sleep(2000);
            kamailio.run("start");
            Thread.sleep(4000);
        } finally {
            fromAlice.stop();
        }
        // Timer F (32 s) bounds how long a MESSAGE can stay unanswered before alice is told.
        long end = System.nanoTime() + Duration.ofSeconds(45).toNanos();
        Map<String, String> received = Map.of();
        while (System.nanoTime() < end) {
            received = SippReceivedMessages.byTransaction(phone.log());
            if (received.size() + toSip.erroredCount() >= toSip.sentCount()) {
                break;
            }
            Thread.sleep(250);
        }
        Thread.sleep(1000); // late duplicates, if any, would show now
        received = SippReceivedMessages.byTransaction(phone.log());
        received.values().forEach(toSip::delivered);
        System.out.println("sip-proxy-kill9: MESSAGE transactions at the phone=" + received.size()
                + " (requests with retransmissions: " + SippReceivedMessages.copies(phone.log()) + "), error conditions=" + conditions);
        FaultLedgers.assertAll(toSip);
    }
}
