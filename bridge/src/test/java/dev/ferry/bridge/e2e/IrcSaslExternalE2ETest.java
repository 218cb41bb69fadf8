package dev.ferry.bridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import dev.ferry.bridge.runtime.FerryRuntime;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SASL EXTERNAL as a user meets it: an XMPP user asks Ferry for a client certificate on the IRC
 * server's address, is shown its fingerprint, adds it to their services account (NickServ CERT
 * ADD, on a real Atheme behind a real InspIRCd over TLS), joins a channel, and their puppet is
 * logged in to that account. A user whose certificate is on no account is told why, and still talks.
 */
@Tag("e2e")
class IrcSaslExternalE2ETest {

    static final int IRC_PORT = 11600;
    static final int IRC_TLS_PORT = IRC_PORT + 30;
    static final String INSTANCE = "irc-sasl-external";
    static final Pattern FINGERPRINT = Pattern.compile("SHA-256 fingerprint is ([0-9a-f]{64})");

    static ProsodyPeer prosody;
    static PeerScript inspircd;
    static PeerScript atheme;
    static FerryRuntime ferry;
    static XMPPTCPConnection alice;
    static XMPPTCPConnection bob;
    static XMPPTCPConnection carol;
    static final BlockingQueue<Message> toAlice = new LinkedBlockingQueue<>();
    static final BlockingQueue<Message> toBob = new LinkedBlockingQueue<>();
    @TempDir
    static Path data;

    @BeforeAll
    static void start() throws Exception {
        E2E.requireCommand("inspircd");
        E2E.requireCommand("atheme-services");
        Map<String, String> ircEnv = Map.of("FERRY_IRC_PORT", Integer.toString(IRC_PORT));
        inspircd = new PeerScript("inspircd", INSTANCE, ircEnv);
        atheme = new PeerScript("atheme", INSTANCE, ircEnv);
        inspircd.run("restart"); // the config renders anew: client certificates asked for
        atheme.run("restart");
        prosody = ProsodyPeer.start(INSTANCE, 11222, 11347);
        Map<String, String> env = FerryUnderTest.env(prosody.componentPort, data);
        env.put("FERRY_SIP_LISTEN", "udp:127.0.0.1:11060,tcp:127.0.0.1:11060");
        env.put("FERRY_IRC_DEFAULT_PORT", Integer.toString(IRC_TLS_PORT));
        env.put("FERRY_IRC_TLS", "true");
        Path peers = Path.of(System.getenv().getOrDefault("FERRY_PEERS_DIR", "/tmp/ferry-peers"));
        env.put("FERRY_IRC_TRUST_STORE", peers.resolve("inspircd-" + INSTANCE).resolve("tls/ca.pem").toString());
        ferry = FerryUnderTest.start(env);
        ferry.firstConnect().get(30, TimeUnit.SECONDS);
        alice = XmppClients.login("alice", ProsodyPeer.DOMAIN, prosody.c2sPort, s -> toAlice.add((Message) s));
        bob = XmppClients.login("bob", ProsodyPeer.DOMAIN, prosody.c2sPort, s -> toBob.add((Message) s));
        carol = XmppClients.login("carol", ProsodyPeer.DOMAIN, prosody.c2sPort);
    }

    @AfterAll
    static void stop() {
        if (alice != null) {
            alice.disconnect();
        }
        if (bob != null) {
            bob.disconnect();
        }
        if (carol != null) {
            carol.disconnect();
        }
        if (ferry != null) {
            ferry.close();
        }
        if (prosody != null) {
            prosody.close();
        }
        if (atheme != null) {
            atheme.tryRun("stop");
        }
        if (inspircd != null) {
            inspircd.tryRun("stop");
        }
    }

    static Jid server() throws Exception {
        return JidCreate.from("localhost@irc.localhost");
    }

    /** Asks Ferry for a new certificate by XEP-0077 and returns the fingerprint it tells the user. */
    static String generateCertificate(XMPPTCPConnection user, BlockingQueue<Message> inbox) throws Exception {
        user.sendIqRequestAndWaitForResponse(IrcGatewayE2ETest.submit(server(), Map.of("generate-certificate", "true")));
        Message told = awaitFrom(inbox, "localhost@irc.localhost", "fingerprint");
        Matcher m = FINGERPRINT.matcher(told.getBody());
        assertThat(m.find()).as(told.getBody()).isTrue();
        assertThat(told.getBody()).contains("/msg NickServ CERT ADD " + m.group(1));
        return m.group(1);
    }

    static Message awaitFrom(BlockingQueue<Message> inbox, String from, String containing) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < end) {
            Message m = inbox.poll(500, TimeUnit.MILLISECONDS);
            if (m != null && m.getBody() != null && m.getFrom().toString().equals(from) && m.getBody().contains(containing)) {
                return m;
            }
        }
        throw new AssertionError("no message from " + from + " containing '" + containing + "'");
    }

    /** As a person does it on IRC: register the nick with NickServ, then add the fingerprint Ferry showed. */
    static void registerAccountWithCertificate(String account, String fingerprint) throws Exception {
        try (RawIrcClient person = new RawIrcClient(IRC_PORT, account)) {
            person.send("PRIVMSG NickServ :REGISTER correct-horse-9 " + account + "@example.org");
            assertThat(person.await(l -> l.startsWith(":NickServ!"))).contains("is now registered");
            person.send("PRIVMSG NickServ :CERT ADD " + fingerprint);
            assertThat(person.await(l -> l.startsWith(":NickServ!"))).contains("Added fingerprint").contains(fingerprint);
            person.send("QUIT");
        }
    }

    static MultiUserChat room(XMPPTCPConnection user, String channel) throws Exception {
        return MultiUserChatManager.getInstanceFor(user).getMultiUserChat(JidCreate.entityBareFrom(channel + "%localhost@irc.localhost"));
    }

    @Test
    void aGeneratedCertificateOnTheAccountLogsThePuppetIn() throws Exception {
        String fingerprint = generateCertificate(alice, toAlice);
        // The form shows the fingerprint, never the key.
        org.jivesoftware.smackx.iqregister.packet.Registration get = new org.jivesoftware.smackx.iqregister.packet.Registration();
        get.setType(IQ.Type.get);
        get.setTo(server());
        String form = alice.sendIqRequestAndWaitForResponse(get).toXML().toString();
        assertThat(form).contains("SHA-256 fingerprint " + fingerprint).doesNotContain("PRIVATE KEY").doesNotContain("BEGIN");

        String account = "fa" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        registerAccountWithCertificate(account, fingerprint);

        try (RawIrcClient watcher = new RawIrcClient(IRC_PORT, "watcher1")) {
            watcher.send("JOIN #certs");
            watcher.await(l -> l.contains(" 366 "));
            MultiUserChat muc = room(alice, "#certs");
            muc.join(Resourcepart.from("alicecert"));
            watcher.await(l -> l.startsWith(":alicecert!") && l.contains("JOIN"));
            watcher.send("WHOIS alicecert");
            assertThat(watcher.await(l -> l.contains(" 276 "))).endsWith(fingerprint); // the server saw Ferry's certificate
            assertThat(watcher.await(l -> l.contains(" 330 "))).contains(" alicecert " + account + " ");
            muc.sendMessage("logged in by certificate");
            assertThat(watcher.await(l -> l.contains("PRIVMSG #certs"))).endsWith(":logged in by certificate");
            muc.leave();
        }
        assertThat(toAlice).noneMatch(m -> m.getBody() != null && m.getBody().contains("SASL EXTERNAL login"));
    }

    @Test
    void aCertificateOnNoAccountIsToldAndTheUserStillTalks() throws Exception {
        String fingerprint = generateCertificate(bob, toBob);
        try (RawIrcClient watcher = new RawIrcClient(IRC_PORT, "watcher2")) {
            watcher.send("JOIN #nocert");
            watcher.await(l -> l.contains(" 366 "));
            MultiUserChat muc = room(bob, "#nocert");
            muc.join(Resourcepart.from("bobcert"));
            Message told = awaitFrom(toBob, "localhost@irc.localhost", "SASL EXTERNAL login with your client certificate failed");
            assertThat(told.getBody()).contains("904").contains("/msg NickServ CERT ADD " + fingerprint);
            assertThat(muc.isJoined()).isTrue();
            watcher.await(l -> l.startsWith(":bobcert!") && l.contains("JOIN"));
            watcher.send("WHOIS bobcert");
            watcher.await(l -> l.contains(" 276 ")); // the certificate was presented ...
            String next = watcher.await(l -> l.contains(" 330 ") || l.contains(" 318 "), Duration.ofSeconds(10));
            assertThat(next).contains(" 318 "); // ... but no account: not logged in
            muc.sendMessage("unauthenticated but here");
            assertThat(watcher.await(l -> l.contains("PRIVMSG #nocert"))).endsWith(":unauthenticated but here");
            muc.leave();
        }
    }

    /**
     * account-notify, extended-join and WHOX: who is logged in to which services account shows in
     * the occupant's presence status, for those there before the user (WHOX at join) and for those
     * who log in later (ACCOUNT), and stays beside an away message.
     */
    @Test
    void servicesAccountsShowInTheOccupantsPresenceStatus() throws Exception {
        String suffix = Long.toString(System.nanoTime() % 1_000_000L, 36);
        String early = "e" + suffix;
        String late = "l" + suffix;
        try (RawIrcClient before = new RawIrcClient(IRC_PORT, early)) {
            before.send("PRIVMSG NickServ :REGISTER correct-horse-9 " + early + "@example.org"); // registering logs in
            assertThat(before.await(l -> l.startsWith(":NickServ!"))).contains("is now registered");
            before.send("JOIN #accounts");
            before.await(l -> l.contains(" 366 "));

            MultiUserChat muc = room(carol, "#accounts");
            muc.join(Resourcepart.from("carol"));
            org.jxmpp.jid.EntityFullJid earlyJid = JidCreate.entityFullFrom("#accounts%localhost@irc.localhost/" + early);
            await().atMost(Duration.ofSeconds(10)).until(() -> status(muc, earlyJid) != null);
            assertThat(status(muc, earlyJid)).isEqualTo("logged in as " + early);
            assertThat(status(muc, JidCreate.entityFullFrom("#accounts%localhost@irc.localhost/carol"))).isNull();

            try (RawIrcClient after = new RawIrcClient(IRC_PORT, late)) {
                after.send("JOIN #accounts");
                after.await(l -> l.contains(" 366 "));
                org.jxmpp.jid.EntityFullJid lateJid = JidCreate.entityFullFrom("#accounts%localhost@irc.localhost/" + late);
                await().atMost(Duration.ofSeconds(10)).until(() -> muc.getOccupantPresence(lateJid) != null);
                assertThat(status(muc, lateJid)).isNull(); // extended-join said: no account

                after.send("PRIVMSG NickServ :REGISTER correct-horse-9 " + late + "@example.org");
                await().atMost(Duration.ofSeconds(10)).until(() -> ("logged in as " + late).equals(status(muc, lateJid)));

                after.send("AWAY :tea");
                await().atMost(Duration.ofSeconds(10)).until(() -> ("tea (logged in as " + late + ")").equals(status(muc, lateJid)));
                assertThat(muc.getOccupantPresence(lateJid).getMode()).isEqualTo(org.jivesoftware.smack.packet.Presence.Mode.away);

                after.send("AWAY");
                await().atMost(Duration.ofSeconds(10)).until(() -> ("logged in as " + late).equals(status(muc, lateJid)));
                assertThat(muc.getOccupantPresence(lateJid).getMode()).isEqualTo(org.jivesoftware.smack.packet.Presence.Mode.available);
            }
            muc.leave();
        }
    }

    static String status(MultiUserChat muc, org.jxmpp.jid.EntityFullJid occupant) {
        org.jivesoftware.smack.packet.Presence p = muc.getOccupantPresence(occupant);
        return p == null ? null : p.getStatus();
    }

    /** The same through XEP-0050 `configure`: the command's completion note carries the fingerprint. */
    @Test
    void theConfigureCommandMakesACertificateAndNotesItsFingerprint() throws Exception {
        var commands = org.jivesoftware.smackx.commands.AdHocCommandManager.getAddHocCommandsManager(carol);
        var configure = commands.getRemoteCommand(server(), "configure");
        configure.execute();
        var form = configure.getForm();
        assertThat(form.getField("client-certificate")).isNotNull();
        assertThat(form.getField("generate-certificate")).isNotNull();
        var answer = new org.jivesoftware.smackx.xdata.form.FillableForm(form);
        answer.setAnswer("generate-certificate", true);
        configure.complete(answer);
        assertThat(configure.isCompleted()).isTrue();
        assertThat(configure.getNotes()).singleElement().satisfies(note -> {
            Matcher m = FINGERPRINT.matcher(note.getValue());
            assertThat(m.find()).as(note.getValue()).isTrue();
            assertThat(note.getValue()).contains("/msg NickServ CERT ADD " + m.group(1)).doesNotContain("PRIVATE KEY");
        });
    }
}
