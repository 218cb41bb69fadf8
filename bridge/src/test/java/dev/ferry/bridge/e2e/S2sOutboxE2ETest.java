package dev.ferry.bridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.bridge.s2s.S2sServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.core.ConditionTimeoutException;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stanzas for a domain Ferry cannot reach wait in the persistent outbox: they go out once the
 * domain's server is back, and after xmpp.s2s.bounce-after-seconds they are answered to their
 * sender with remote-server-not-found instead of vanishing.
 */
@Tag("e2e")
class S2sOutboxE2ETest {

    static final String GHOST = "ghost.ferry.example";
    static S2sStage stage;
    @TempDir
    static Path data;

    @BeforeAll
    static void start() throws Exception {
        stage = S2sStage.start("s2s-outbox", 29500, data, new S2sStage.Options(true, true,
                Map.of("FERRY_XMPP_S2S_BOUNCE_AFTER_SECONDS", "20")));
    }

    @AfterAll
    static void stop() {
        if (stage != null) {
            stage.close();
        }
    }

    static S2sServer s2s() {
        return stage.ferry.s2s().orElseThrow();
    }

    @Test
    void stanzasForADomainWithNoServerAreAnsweredRemoteServerNotFound() throws Exception {
        S2sTestCa.Leaf ghostCert = stage.ca.issue("ghost", GHOST, true);
        long bouncedBefore = s2s().authentications("bounced", "remote-server-not-found");
        // ghost.ferry.example authenticates to Ferry, but has no DNS records: Ferry cannot answer it.
        try (RawS2sClient ghost = new RawS2sClient(stage.ferryS2sPort())) {
            ghost.open(GHOST, S2sStage.IRC_DOMAIN);
            ghost.readUntil("</stream:features>");
            ghost.startTls(stage.ca.certificate, ghostCert, S2sStage.IRC_DOMAIN);
            ghost.open(GHOST, S2sStage.IRC_DOMAIN);
            ghost.readUntil("</stream:features>");
            ghost.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='EXTERNAL'>=</auth>");
            ghost.readUntil("<success");
            ghost.open(GHOST, S2sStage.IRC_DOMAIN);
            ghost.readUntil("</stream:features>");
            // A presence subscription to the gateway gets 'subscribed' and the gateway's presence;
            // neither can reach ghost.ferry.example, so both are bounced after the bound.
            ghost.send("<presence from='casper@" + GHOST + "' to='" + S2sStage.IRC_DOMAIN + "' type='subscribe' id='sub1'/>");
            await().atMost(Duration.ofSeconds(10)).until(() -> !s2s().lastFailure(S2sStage.IRC_DOMAIN, GHOST).isEmpty());
            assertThat(s2s().lastFailure(S2sStage.IRC_DOMAIN, GHOST)).contains(GHOST);
            assertThat(s2s().waiting(S2sStage.IRC_DOMAIN, GHOST)).as("kept while undeliverable").isPositive();
            // Answered at the bound (20 s after it was queued), not a whole backoff later.
            try {
                await().atMost(Duration.ofSeconds(20 + 10)).until(() -> s2s().waiting(S2sStage.IRC_DOMAIN, GHOST) == 0);
            } catch (ConditionTimeoutException e) {
                // CI shows only the failure's message: it names the route's state then.
                throw new AssertionError(s2s().waiting(S2sStage.IRC_DOMAIN, GHOST) + " stanzas still waiting for " + GHOST
                        + " 30 s after the first failed attempt; last failure: " + s2s().lastFailure(S2sStage.IRC_DOMAIN, GHOST), e);
            }
        }
        assertThat(s2s().authentications("bounced", "remote-server-not-found")).isGreaterThan(bouncedBefore);
    }

    @Test
    void stanzasWaitingForARemoteServerSurviveAFerryRestart() throws Exception {
        // Each test logs alice in afresh: a test before it may have crashed her server.
        XMPPTCPConnection alice = XmppClients.login("alice", S2sStage.XMPP_DOMAIN, stage.c2sPort());
        MultiUserChat muc = MultiUserChatManager.getInstanceFor(alice)
                .getMultiUserChat(JidCreate.entityBareFrom(S2sStage.room("#restart")));
        try (RawIrcClient bob = new RawIrcClient(stage.ircPort(), "bobr")) {
            bob.send("JOIN #restart");
            bob.await(l -> l.contains(" 366 "));
            muc.join(Resourcepart.from("alice"));
            bob.await(l -> l.startsWith(":alice!") && l.contains("JOIN"));
            stage.prosody.run("kill9");
            bob.send("PRIVMSG #restart :kept across a restart");
            await().atMost(Duration.ofSeconds(15)).until(() -> s2s().waiting(S2sStage.IRC_DOMAIN, S2sStage.XMPP_DOMAIN) > 0);
        }
        stage.restartFerry();
        assertThat(s2s().waiting(S2sStage.IRC_DOMAIN, S2sStage.XMPP_DOMAIN)).as("still waiting after the restart").isPositive();
        stage.prosody.run("start");
        await().atMost(Duration.ofSeconds(60)).until(() -> s2s().waiting(S2sStage.IRC_DOMAIN, S2sStage.XMPP_DOMAIN) == 0);
        assertThat(s2s().authentications("out", "EXTERNAL")).as("the restarted Ferry opened a stream to deliver them").isPositive();
        alice.disconnect();
    }

    @Test
    void stanzasWaitWhileTheRemoteServerIsDownAndGoOutWhenItIsBack() throws Exception {
        // A first exchange opens Ferry's stream to Prosody.
        XMPPTCPConnection alice = XmppClients.login("alice", S2sStage.XMPP_DOMAIN, stage.c2sPort());
        MultiUserChat muc = MultiUserChatManager.getInstanceFor(alice)
                .getMultiUserChat(JidCreate.entityBareFrom(S2sStage.room("#outbox")));
        try (RawIrcClient bob = new RawIrcClient(stage.ircPort(), "bob")) {
            bob.send("JOIN #outbox");
            bob.await(l -> l.contains(" 366 "));
            muc.join(Resourcepart.from("alice"));
            bob.await(l -> l.startsWith(":alice!") && l.contains("JOIN"));
            long authenticatedBefore = s2s().authentications("out", "EXTERNAL");

            // kill -9: a crash says no goodbye, so alice stays in the room as far as Ferry knows
            // (a clean stop would first send her unavailable presence to the room).
            stage.prosody.run("kill9");
            bob.send("PRIVMSG #outbox :while you were away");
            await().atMost(Duration.ofSeconds(15)).until(() -> s2s().waiting(S2sStage.IRC_DOMAIN, S2sStage.XMPP_DOMAIN) > 0);

            stage.prosody.run("start");
            await().atMost(Duration.ofSeconds(60)).until(() -> s2s().waiting(S2sStage.IRC_DOMAIN, S2sStage.XMPP_DOMAIN) == 0);
            assertThat(s2s().authentications("out", "EXTERNAL")).as("a new stream to Prosody carried them").isGreaterThan(authenticatedBefore);
            assertThat(s2s().authentications("bounced", "remote-server-timeout")).isZero();
        }
        alice.disconnect();
    }
}
