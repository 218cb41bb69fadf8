package dev.ferry.bridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.filter.AndFilter;
import org.jivesoftware.smack.filter.FromMatchesFilter;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.PresenceBuilder;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.SubscribeListener;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Presence both ways (RFC 7248) between an XMPP user on a real Prosody and SIP endpoints played
 * by SIPp: alice watches a SIP phone (SUBSCRIBE, refresh, unsubscribe; PIDF/RPID to XMPP
 * presence), and a SIP phone watches alice (pending until she approves, then NOTIFYs built from
 * her XMPP presence).
 */
@Tag("e2e")
class SipPresenceE2ETest {

    static final int SIP_PORT = 27260;
    static final int UAS_PORT = 27270;
    static final int UAC_PORT = 27271;
    static SipStage stage;
    static XMPPTCPConnection alice;
    @TempDir
    static Path data;

    @BeforeAll
    static void start() throws Exception {
        E2E.requireCommand("sipp");
        stage = SipStage.start("sip-presence", 27522, 27547, SIP_PORT, Map.of(
                "FERRY_SIP_OUTBOUND_PROXY", "sip:127.0.0.1:" + UAS_PORT), data);
        alice = stage.alice;
    }

    @AfterAll
    static void stop() {
        if (stage != null) {
            stage.close();
        }
    }

    @Test
    void aliceWatchesASipPhoneWhoseSubscriptionIsRefreshedAndEnded() throws Exception {
        EntityBareJid bob = JidCreate.entityBareFrom("bob%sip.example.com@" + SipStage.GATEWAY);
        Roster roster = Roster.getInstanceFor(alice);
        try (SipSipp phone = SipSipp.start("subscribe-uas.xml", "127.0.0.1", UAS_PORT, "udp", null, Map.of());
             StanzaCollector presences = alice.createStanzaCollector(new AndFilter(StanzaTypeFilter.PRESENCE,
                     FromMatchesFilter.createBare(bob), p -> ((Presence) p).getType() == Presence.Type.available))) {
            Thread.sleep(300);
            roster.createItemAndRequestSubscription(bob, "Bob", null);
            Presence p = presences.nextResult(10_000);
            assertThat((Object) p).as("bob's PIDF as XMPP presence").isNotNull();
            assertThat(p.getMode()).isEqualTo(Presence.Mode.away);
            assertThat(p.getStatus()).isEqualTo("on the beach");
            Thread.sleep(2_600); // Ferry refreshes the 4-second subscription after 2 s
            // unsubscribe (what removing the contact also sends; the roster push may lag behind)
            alice.sendStanza(PresenceBuilder.buildPresence().to(bob).ofType(Presence.Type.unsubscribe).build());
            assertThat(phone.await()).as(phone.output() + phone.log()).isTrue();
            List<String> subscribes = requests(phone.log(), "SUBSCRIBE");
            assertThat(subscribes).hasSize(3);
            assertThat(subscribes.get(0)).contains("Event: presence").contains("Accept: application/pidf+xml")
                    .contains("From: <sip:alice*localhost@127.0.0.1>");
            assertThat(subscribes.get(1)).as("the refresh, in the dialog").contains("Expires: 3600").containsPattern("To: <sip:bob@sip.example.com>;tag=\\d+SIPpTag01");
            assertThat(subscribes.get(2)).as("the end").contains("Expires: 0");
        }
    }

    @Test
    void aSipPhoneWatchesAliceOnlyOnceSheApproves() throws Exception {
        EntityBareJid bob = JidCreate.entityBareFrom("bob%sip.example.com@" + SipStage.GATEWAY);
        alice.sendStanza(PresenceBuilder.buildPresence().ofType(Presence.Type.available).setMode(Presence.Mode.dnd)
                .setStatus("at my desk").build());
        BlockingQueue<Presence> requests = new LinkedBlockingQueue<>();
        Roster roster = Roster.getInstanceFor(alice);
        roster.setSubscriptionMode(Roster.SubscriptionMode.manual);
        SubscribeListener listener = (from, presence) -> {
            requests.add(presence);
            return null; // alice decides below, not at once
        };
        roster.addSubscribeListener(listener);
        try (SipSipp watcher = SipSipp.start("subscribe-uac.xml", "127.0.0.1", UAC_PORT, "udp", "127.0.0.1:" + SIP_PORT,
                Map.of(), "-s", "alice*localhost")) {
            Presence request = requests.poll(10, TimeUnit.SECONDS);
            assertThat((Object) request).as("the SIP watcher's request reaches alice").isNotNull();
            assertThat(request.getFrom().asBareJid().toString()).isEqualTo(bob.toString());
            Thread.sleep(1_000);
            alice.sendStanza(StanzaBuilder.buildPresence().to(bob).ofType(Presence.Type.subscribed).build());
            assertThat(watcher.await()).as(watcher.output() + watcher.log()).isTrue();
            List<String> notifies = requests(watcher.log(), "NOTIFY");
            assertThat(notifies.get(0)).as("pending before approval, no presence").contains("Subscription-State: pending")
                    .doesNotContain("<presence");
            String withPresence = notifies.stream().filter(n -> n.contains("at my desk")).findFirst().orElse("(none)");
            assertThat(withPresence).contains("Subscription-State: active").contains("Content-Type: application/pidf+xml")
                    .contains("<basic>open</basic>").contains("<rpid:busy").contains("entity=\"sip:alice*localhost@127.0.0.1\"");
            assertThat(notifies.get(notifies.size() - 1)).contains("Subscription-State: terminated");
        } finally {
            roster.removeSubscribeListener(listener);
        }
    }

    /** The requests of {@code method} SIPp received, in order. */
    static List<String> requests(String log, String method) {
        List<String> out = new ArrayList<>();
        for (String part : log.split("-{20,}")) {
            int i = part.indexOf(method + " sip:");
            if (part.contains("message received") && i >= 0) {
                out.add(part.substring(i).replace("\r", ""));
            }
        }
        return out;
    }
}
