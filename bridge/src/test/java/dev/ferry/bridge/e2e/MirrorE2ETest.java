package dev.ferry.bridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smackx.commands.AdHocCommand;
import org.jivesoftware.smackx.commands.AdHocCommandManager;
import org.jivesoftware.smackx.commands.RemoteCommand;
import org.jivesoftware.smackx.xdata.form.FillableForm;
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
        withPeers((prosody, ngircd, alice) -> {
            BlockingQueue<Message> inRoom = new LinkedBlockingQueue<>();
            MultiUserChat muc = createRoom(alice, "lounge", inRoom);
            FerryConfig config = ferryConfig(prosody, "#lounge", "lounge");
            try (RawIrcClient ircUser = new RawIrcClient(IRC_PORT, "ircuser")) {
                ircUser.send("JOIN #lounge");
                ircUser.await(l -> l.contains(" 366 "));
                try (FerryRuntime ferry = new FerryRuntime(config).start()) {
                    ferry.firstConnect().get(30, TimeUnit.SECONDS);
                    relay(ircUser, muc, inRoom);
                }
                // Stopping Ferry takes the bot out of the room too: its last presence goes out before the link closes.
                await().atMost(Duration.ofSeconds(10)).until(() -> muc.getOccupants().stream()
                        .noneMatch(j -> j.getResourceOrThrow().toString().equals("ferry-relay")));
            }
        });
    }

    /**
     * ngIRCd is killed while the room talks: the room is told, what it says is held and reaches the
     * channel once the bot is back (oldest first, with the time it was said), and the room hears so.
     * The outage is timed to fall between the bot's reconnect attempts (1, 3, 7, 15 s after the
     * drop, each ±20 %), so the IRC user is in the channel before the bot comes back.
     */
    @Test
    void whatTheRoomSaysWhileIrcIsDownIsHeldAndRelayedWhenItIsBack() throws Exception {
        withPeers((prosody, ngircd, alice) -> {
            BlockingQueue<Message> inRoom = new LinkedBlockingQueue<>();
            MultiUserChat muc = createRoom(alice, "held", inRoom);
            FerryConfig config = ferryConfig(prosody, "#held", "held");
            try (FerryRuntime ferry = new FerryRuntime(config).start()) {
                ferry.firstConnect().get(30, TimeUnit.SECONDS);
                try (RawIrcClient ircUser = new RawIrcClient(IRC_PORT, "ircuser")) {
                    ircUser.send("JOIN #held");
                    awaitBotIn(ircUser, muc);
                    muc.sendMessage("before");
                    assertThat(ircUser.await(l -> l.contains("PRIVMSG #held"))).endsWith(":<a\u200Blice> before");
                }
                long killed = System.nanoTime();
                ngircd.run("kill9");
                Thread.sleep(1_000); // the bot sees its connection reset at once; a second is ample
                muc.sendMessage("said while down 1");
                assertThat(nextFromBot(inRoom)).contains("IRC (#held on localhost) is unreachable", "held");
                muc.sendMessage("said while down 2\nand a second line");

                // Back between the bot's third attempt (7 s ± 1.4) and its fourth (15 s ± 2.8).
                Thread.sleep(Math.max(0, Duration.ofMillis(9_500).minusNanos(System.nanoTime() - killed).toMillis()));
                ngircd.run("start");
                try (RawIrcClient ircUser = new RawIrcClient(IRC_PORT, "ircuser")) {
                    ircUser.send("JOIN #held");
                    ircUser.await(l -> l.contains(" 366 "));
                    ircUser.await(l -> l.startsWith(":ferry-relay!") && l.contains("JOIN"), Duration.ofSeconds(30));
                    java.util.regex.Pattern held = java.util.regex.Pattern.compile(":\\[\\d\\d:\\d\\d UTC\\] <a\u200Blice> (.*)$");
                    java.util.List<String> relayed = new java.util.ArrayList<>();
                    for (int i = 0; i < 3; i++) {
                        String line = ircUser.await(l -> l.contains("PRIVMSG #held"));
                        assertThat(line).startsWith(":ferry-relay!");
                        java.util.regex.Matcher m = held.matcher(line);
                        assertThat(m.find()).as(line).isTrue();
                        relayed.add(m.group(1));
                    }
                    assertThat(relayed).containsExactly("said while down 1", "said while down 2", "and a second line");
                    assertThat(nextFromBot(inRoom)).isEqualTo("IRC (#held) is back. 3 lines said meanwhile were relayed.");
                }
            }
        });
    }

    /**
     * An op kicks the relay bot: the room is told, what it says meanwhile is held, and it reaches
     * the channel when the bot has joined again (5 s later, ±20 %).
     */
    @Test
    void whatTheRoomSaysWhileTheBotIsKickedIsHeldAndRelayedWhenItRejoins() throws Exception {
        withPeers((prosody, ngircd, alice) -> {
            BlockingQueue<Message> inRoom = new LinkedBlockingQueue<>();
            MultiUserChat muc = createRoom(alice, "kick", inRoom);
            FerryConfig config = ferryConfig(prosody, "#kick", "kick");
            try (RawIrcClient op = new RawIrcClient(IRC_PORT, "opuser")) {
                op.send("JOIN #kick"); // first in: channel operator
                op.await(l -> l.contains(" 366 "));
                try (FerryRuntime ferry = new FerryRuntime(config).start()) {
                    ferry.firstConnect().get(30, TimeUnit.SECONDS);
                    awaitBotIn(op, muc);
                    op.send("KICK #kick ferry-relay :enough");
                    assertThat(nextFromBot(inRoom)).startsWith("The relay was kicked from #kick by o\u200Bpuser (enough).");
                    muc.sendMessage("said while out");
                    op.await(l -> l.startsWith(":ferry-relay!") && l.contains("JOIN"), Duration.ofSeconds(20));
                    assertThat(op.await(l -> l.contains("PRIVMSG #kick"))).startsWith(":ferry-relay!")
                            .matches(".*:\\[\\d\\d:\\d\\d UTC\\] <a\u200Blice> said while out$");
                    assertThat(nextFromBot(inRoom)).isEqualTo("IRC (#kick) is back. 1 line said meanwhile was relayed.");
                }
            }
        });
    }

    /**
     * An admin sets a mirror up from their XMPP client (XEP-0050 on the gateway domain): it starts
     * at once, relays, and stops when removed. Anyone else is refused and sees no such commands.
     */
    @Test
    void anAdminMirrorsAChannelFromTheirClient() throws Exception {
        withPeers((prosody, ngircd, alice) -> {
            XMPPTCPConnection admin = XmppClients.login("admin", ProsodyPeer.DOMAIN, prosody.c2sPort);
            BlockingQueue<Message> inRoom = new LinkedBlockingQueue<>();
            MultiUserChat muc = createRoom(alice, "den", inRoom);
            try (RawIrcClient ircUser = new RawIrcClient(IRC_PORT, "ircuser");
                 FerryRuntime ferry = new FerryRuntime(ferryConfig(prosody)).start()) {
                ferry.firstConnect().get(30, TimeUnit.SECONDS);
                ircUser.send("JOIN #den");
                ircUser.await(l -> l.contains(" 366 "));
                var gateway = JidCreate.from("irc.localhost");
                var aliceCommands = AdHocCommandManager.getAddHocCommandsManager(alice);
                assertThat(aliceCommands.discoverCommands(gateway).getItems()).isEmpty();
                assertThatThrownBy(() -> aliceCommands.getRemoteCommand(gateway, "mirror-add").execute())
                        .isInstanceOfSatisfying(XMPPException.XMPPErrorException.class, e -> assertThat(
                                e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.forbidden));

                var commands = AdHocCommandManager.getAddHocCommandsManager(admin);
                assertThat(commands.discoverCommands(gateway).getItems()).extracting(i -> i.getNode())
                        .contains("mirror-add", "mirror-remove", "mirror-list");
                RemoteCommand add = commands.getRemoteCommand(gateway, "mirror-add");
                add.execute();
                FillableForm form = new FillableForm(add.getForm());
                form.setAnswer("server", "localhost");
                form.setAnswer("channel", "#den");
                form.setAnswer("room", "den@conference.localhost");
                add.complete(form);
                assertThat(add.getStatus()).isEqualTo(AdHocCommand.Status.completed);
                assertThat(add.getNotes().get(0).getValue()).startsWith("Mirror ").contains("#den", "started");
                String id = add.getNotes().get(0).getValue().replaceAll("^Mirror (\\d+):.*$", "$1");

                awaitBotIn(ircUser, muc);
                ircUser.send("PRIVMSG #den :live without a restart");
                assertThat(inRoom.poll(10, TimeUnit.SECONDS).getBody()).isEqualTo("<i\u200Brcuser> live without a restart");

                RemoteCommand remove = commands.getRemoteCommand(gateway, "mirror-remove");
                remove.execute();
                FillableForm which = new FillableForm(remove.getForm());
                which.setAnswer("id", id);
                remove.complete(which);
                assertThat(remove.getNotes().get(0).getValue()).contains("stopped");
                assertThat(ircUser.await(l -> l.startsWith(":ferry-relay!") && (l.contains("QUIT") || l.contains("PART"))))
                        .isNotNull();
                RemoteCommand list = commands.getRemoteCommand(gateway, "mirror-list");
                list.execute();
                assertThat(list.getNotes().get(0).getValue()).isEqualTo("No channel is mirrored.");
            } finally {
                admin.disconnect();
            }
        });
    }

    /** The peers every test here needs: Prosody with its MUC, ngIRCd on {@link #IRC_PORT}, and alice logged in. */
    private void withPeers(PeersTest test) throws Exception {
        E2E.requireCommand("ngircd");
        PeerScript ngircd = new PeerScript("ngircd", "mirror", Map.of("FERRY_IRC_PORT", Integer.toString(IRC_PORT)));
        try (ProsodyPeer prosody = ProsodyPeer.start("mirror", 24222, 24347)) {
            ngircd.run("start");
            XMPPTCPConnection alice = XmppClients.login("alice", ProsodyPeer.DOMAIN, prosody.c2sPort);
            try {
                test.run(prosody, ngircd, alice);
            } finally {
                alice.disconnect();
            }
        } finally {
            ngircd.tryRun("stop");
        }
    }

    @FunctionalInterface
    private interface PeersTest {
        void run(ProsodyPeer prosody, PeerScript ngircd, XMPPTCPConnection alice) throws Exception;
    }

    /** The relay bot is in both: the IRC user saw it join, and the room lists it. */
    private static void awaitBotIn(RawIrcClient ircUser, MultiUserChat muc) {
        ircUser.await(l -> l.startsWith(":ferry-relay!") && l.contains("JOIN"), Duration.ofSeconds(20));
        await().atMost(Duration.ofSeconds(20)).until(() -> muc.getOccupants().stream()
                .anyMatch(j -> j.getResourceOrThrow().toString().equals("ferry-relay")));
    }

    /** alice's new room on Prosody's MUC; every message with a body it sends her is queued. */
    private static MultiUserChat createRoom(XMPPTCPConnection alice, String room, BlockingQueue<Message> inRoom) throws Exception {
        MultiUserChat muc = MultiUserChatManager.getInstanceFor(alice)
                .getMultiUserChat(JidCreate.entityBareFrom(room + "@conference.localhost"));
        muc.create(Resourcepart.from("alice")).makeInstant();
        muc.addMessageListener(m -> {
            if (m.getBody() != null) {
                inRoom.add(m);
            }
        });
        return muc;
    }

    /** Ferry on Prosody's component port with IRC on this test's ngIRCd; {@code mirrors}: channel, room, channel, room ... stored before it starts. */
    private FerryConfig ferryConfig(ProsodyPeer prosody, String... mirrors) throws Exception {
        Map<String, String> env = FerryUnderTest.env(prosody.componentPort, data);
        env.put("FERRY_IRC_DEFAULT_PORT", Integer.toString(IRC_PORT));
        env.put("FERRY_IRC_TLS", "false");
        FerryConfig config = FerryUnderTest.config(env);
        try (Store store = Store.open(config.store().toSettings())) {
            for (int i = 0; i < mirrors.length; i += 2) {
                store.mirrors().add("localhost", mirrors[i], mirrors[i + 1] + "@conference.localhost", "ferry-relay");
            }
        }
        return config;
    }

    /** The next thing the relay bot says in the room (alice's own messages coming back are passed over). */
    private static String nextFromBot(BlockingQueue<Message> inRoom) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (Message m; (m = inRoom.poll(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS)) != null; ) {
            if (m.getFrom().toString().endsWith("/ferry-relay")) {
                return m.getBody();
            }
        }
        return null;
    }

    private void relay(RawIrcClient ircUser, MultiUserChat muc, BlockingQueue<Message> inRoom) throws Exception {
        awaitBotIn(ircUser, muc);

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
