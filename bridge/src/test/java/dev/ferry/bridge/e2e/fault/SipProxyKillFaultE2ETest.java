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
 * kill -9 of the SIP proxy (Kamailio, with its workers) in the middle of a stream of messages,
 * then a restart. XMPP → SIP: alice's messages to a SIP phone behind the proxy (SIPp answering
 * 200) each reach the phone in exactly one SIP transaction, or alice gets an error stanza
 * (RFC 7247: a timeout is remote-server-timeout, 503 service-unavailable). SIP → XMPP: a phone
 * (SIPp) sends numbered MESSAGEs to alice through the proxy; each reaches alice once, or its call
 * ends without a 2xx (an error response, or no answer after its retransmissions).
 */
@Tag("e2e")
class SipProxyKillFaultE2ETest {

    static final int C2S_PORT = 13200;
    static final int COMPONENT_PORT = 13201;
    static final int PROXY_PORT = 13210;
    static final int PHONE_PORT = 13211;
    static final int SIP_PORT = 13212;
    static final int SENDING_PHONE_PORT = 13213;
    static final int PER_SECOND = 25;

    @TempDir
    Path data;

    /** What runs once the stage is up. */
    interface Fault {
        void run(XMPPTCPConnection alice, PeerScript kamailio, SipSipp phone) throws Exception;
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void killNineOfTheSipProxyMidStreamLosesAndDuplicatesNothing() throws Exception {
        onStage((alice, kamailio, phone) -> streamThroughTheKill(alice, kamailio, phone, "sip-proxy-kill9-xmpp-to-sip",
                Duration.ofSeconds(2), Duration.ofSeconds(6)));
    }

    /**
     * The proxy stays down longer than Timer F (32 s): every MESSAGE sent into the outage runs out
     * of retransmissions, and alice must get remote-server-timeout for each, none lost; what she
     * sends after the restart arrives.
     */
    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aSipProxyDownLongerThanTimerFGetsEveryMessageAnError() throws Exception {
        onStage((alice, kamailio, phone) -> streamThroughTheKill(alice, kamailio, phone, "sip-proxy-down-40s-xmpp-to-sip",
                Duration.ofSeconds(40), Duration.ofSeconds(4)));
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void killNineOfTheSipProxyMidStreamFromAPhoneLosesAndDuplicatesNothing() throws Exception {
        onStage((alice, kamailio, phone) -> streamFromThePhoneThroughTheKill(alice, kamailio));
    }

    private void onStage(Fault fault) throws Exception {
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
                    fault.run(alice, kamailio, phone);
                } finally {
                    alice.disconnect();
                }
            }
        } finally {
            kamailio.tryRun("stop");
        }
    }

    private void streamFromThePhoneThroughTheKill(XMPPTCPConnection alice, PeerScript kamailio) throws Exception {
        String fault = "sip-proxy-kill9-sip-to-xmpp";
        MessageTally toXmpp = new MessageTally(fault);
        alice.addAsyncStanzaListener(s -> toXmpp.delivered(((Message) s).getBody()),
                s -> s instanceof Message m && m.getType() != Message.Type.error && m.getBody() != null);
        int calls = 9 * PER_SECOND; // 3 s before the kill, 2 s without a proxy, 4 s after its restart
        Map<Integer, Integer> finals;
        // The request URI names Ferry; -rsa sends every request to the proxy, which relays it there.
        try (SipSipp sender = SipSipp.start("message-uac-numbered.xml", "127.0.0.1", SENDING_PHONE_PORT, "udp",
                "127.0.0.1:" + SIP_PORT, Map.of("body", fault, "from", "bob"), "-s", "alice*localhost",
                "-rsa", "127.0.0.1:" + PROXY_PORT, "-r", Integer.toString(PER_SECOND), "-m", Integer.toString(calls),
                "-timeout", "90")) {
            Thread.sleep(3000);
            kamailio.run("kill9");
            Thread.sleep(2000);
            kamailio.run("start");
            sender.await(); // calls sent into the outage give up after SIPp's retransmissions
            finals = SippFinalResponses.byCallNumber(sender.log());
        }
        Map<Integer, Integer> codes = new java.util.TreeMap<>();
        for (int n = 1; n <= calls; n++) {
            toXmpp.send(n);
            Integer code = finals.get(n);
            codes.merge(code == null ? 0 : code, 1, Integer::sum);
            if (code == null || code >= 300) {
                toXmpp.errored(n, code == null ? "no final response" : "SIP " + code);
            }
        }
        FaultLedgers.settle(Duration.ofSeconds(20), toXmpp);
        Thread.sleep(1000); // late duplicates, if any, would show now
        System.out.println("sip-proxy-kill9-sip-to-xmpp: final responses by code (0 = none)=" + codes);
        FaultLedgers.assertAll(toXmpp);
    }

    /**
     * alice streams for 3 s, the proxy is killed, stays down for {@code outage}, restarts, and she
     * goes on for {@code afterRestart} (with a long outage she pauses while it is down, so the
     * outage's share stays bounded: 3 s of it).
     */
    private void streamThroughTheKill(XMPPTCPConnection alice, PeerScript kamailio, SipSipp phone, String fault,
                                      Duration outage, Duration afterRestart) throws Exception {
        MessageTally toSip = new MessageTally(fault);
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
            long streamingIntoTheOutage = Math.min(outage.toMillis(), 3000);
            Thread.sleep(streamingIntoTheOutage);
            fromAlice.pause();
            Thread.sleep(outage.toMillis() - streamingIntoTheOutage);
            kamailio.run("start");
            fromAlice.resume();
            Thread.sleep(afterRestart.toMillis());
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
        System.out.println(fault + ": MESSAGE transactions at the phone=" + received.size()
                + " (requests with retransmissions: " + SippReceivedMessages.copies(phone.log()) + "), error conditions=" + conditions);
        FaultLedgers.assertAll(toSip);
    }
}
