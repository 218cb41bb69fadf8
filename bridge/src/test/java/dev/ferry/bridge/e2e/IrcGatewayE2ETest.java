package dev.ferry.bridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaError;
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
 * An XMPP user on a real Prosody joins an IRC channel on a real ngIRCd through Ferry, as
 * themselves, and talks with a person on a plain IRC client.
 */
@Tag("e2e")
class IrcGatewayE2ETest {

    static final int IRC_PORT = 16669;
    static GatewayFixture stage;
    static ProsodyPeer prosody;
    static XMPPTCPConnection alice;
    @TempDir
    static Path data;

    @BeforeAll
    static void start() throws Exception {
        stage = GatewayFixture.start("irc", 22222, 22347, IRC_PORT, data);
        prosody = stage.prosody;
        alice = stage.alice;
    }

    @AfterAll
    static void stop() {
        if (stage != null) {
            stage.close();
        }
    }

    static MultiUserChat room(String channel) throws Exception {
        return MultiUserChatManager.getInstanceFor(alice)
                .getMultiUserChat(JidCreate.entityBareFrom(channel + "%localhost@irc.localhost"));
    }

    @Test
    void aliceJoinsSeesTheOccupantsAndTalksBothWays() throws Exception {
        try (RawIrcClient bob = new RawIrcClient(IRC_PORT, "bob")) {
            bob.send("JOIN #ferry");
            bob.await(l -> l.contains(" 366 "));
            MultiUserChat muc = room("#ferry");
            BlockingQueue<Message> received = new LinkedBlockingQueue<>();
            muc.addMessageListener(m -> {
                if (m.getBody() != null) {
                    received.add(m); // the room's subject arrives as a bodiless message first
                }
            });
            muc.join(Resourcepart.from("alice"));
            assertThat(muc.isJoined()).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> muc.getOccupants().size() == 2);
            assertThat(muc.getOccupants()).extracting(j -> j.getResourceOrThrow().toString()).containsExactlyInAnyOrder("alice", "bob");
            assertThat(muc.getOccupant(JidCreate.entityFullFrom("#ferry%localhost@irc.localhost/bob")).getRole().toString())
                    .isEqualTo("moderator"); // bob opened the channel: op

            bob.await(l -> l.startsWith(":alice!") && l.contains("JOIN"));
            muc.sendMessage("hello irc");
            assertThat(bob.await(l -> l.contains("PRIVMSG #ferry"))).startsWith(":alice!").endsWith(":hello irc");
            Message own = received.poll(10, TimeUnit.SECONDS);
            assertThat(own.getBody()).isEqualTo("hello irc"); // the room reflects alice's message to her

            bob.send("PRIVMSG #ferry :hello xmpp");
            Message fromBob = received.poll(10, TimeUnit.SECONDS);
            assertThat(fromBob.getBody()).isEqualTo("hello xmpp");
            assertThat(fromBob.getFrom().toString()).isEqualTo("#ferry%localhost@irc.localhost/bob");

            muc.leave();
            assertThat(bob.await(l -> l.contains(" PART #ferry"))).startsWith(":alice!");
        }
    }

    @Test
    void formattingTravelsAsMessageStyling() throws Exception {
        try (RawIrcClient frank = new RawIrcClient(IRC_PORT, "frank")) {
            frank.send("JOIN #style");
            frank.await(l -> l.contains(" 366 "));
            MultiUserChat muc = room("#style");
            BlockingQueue<Message> received = new LinkedBlockingQueue<>();
            muc.addMessageListener(m -> {
                if (m.getBody() != null && m.getFrom().getResourceOrEmpty().toString().equals("frank")) {
                    received.add(m);
                }
            });
            muc.join(Resourcepart.from("alice"));
            frank.await(l -> l.startsWith(":alice!") && l.contains("JOIN"));
            frank.send("PRIVMSG #style :\u0002bold\u0002 and \u00034red\u0003 and \u001ditalic\u001d");
            assertThat(received.poll(10, TimeUnit.SECONDS).getBody()).isEqualTo("*bold* and red and _italic_");
            muc.sendMessage("*loud* _soft_");
            assertThat(frank.await(l -> l.contains("PRIVMSG #style"))).endsWith(":\u0002loud\u0002 \u001dsoft\u001d");
            muc.leave();
        }
    }

    @Test
    void historyIsSentOnJoinAsAskedWithDelayStamps() throws Exception {
        try (RawIrcClient gina = new RawIrcClient(IRC_PORT, "gina")) {
            gina.send("JOIN #history");
            gina.await(l -> l.contains(" 366 "));
            MultiUserChat first = room("#history");
            first.join(Resourcepart.from("alice"));
            gina.await(l -> l.startsWith(":alice!") && l.contains("JOIN"));
            for (int i = 1; i <= 5; i++) {
                gina.send("PRIVMSG #history :old " + i);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                Message m = first.pollMessage();
                return m != null && "old 5".equals(m.getBody());
            });
            first.sendMessage("mine");
            gina.await(l -> l.contains(":mine"));
            first.leave();
            gina.await(l -> l.startsWith(":alice!") && l.contains("PART"));

            MultiUserChat again = room("#history");
            BlockingQueue<Message> replay = new LinkedBlockingQueue<>();
            again.addMessageListener(m -> {
                if (m.getBody() != null) {
                    replay.add(m);
                }
            });
            again.join(again.getEnterConfigurationBuilder(Resourcepart.from("alice")).requestMaxStanzasHistory(3).build());
            List<String> bodies = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Message m = replay.poll(10, TimeUnit.SECONDS);
                assertThat(m).as("history line %d", i).isNotNull();
                assertThat(org.jivesoftware.smackx.delay.packet.DelayInformation.from(m)).isNotNull();
                bodies.add(m.getBody());
            }
            assertThat(bodies).containsExactly("old 4", "old 5", "mine");
            assertThat(replay.poll(1, TimeUnit.SECONDS)).as("no more than asked").isNull();
            again.leave();
        }
    }

    @Test
    void registeredSettingsAreUsedOnTheNextConnection() throws Exception {
        // bob has no IRC connection yet, so the settings he registers apply to his first one
        XMPPTCPConnection bobXmpp = XmppClients.login("bob", ProsodyPeer.DOMAIN, prosody.c2sPort);
        try {
            org.jxmpp.jid.Jid server = JidCreate.from("localhost@irc.localhost");
            org.jivesoftware.smackx.iqregister.packet.Registration get = new org.jivesoftware.smackx.iqregister.packet.Registration();
            get.setType(org.jivesoftware.smack.packet.IQ.Type.get);
            get.setTo(server);
            IQ form = bobXmpp.sendIqRequestAndWaitForResponse(get);
            org.jivesoftware.smackx.xdata.packet.DataForm fields = org.jivesoftware.smackx.xdata.packet.DataForm.from(form);
            assertThat(fields.getFields()).extracting(f -> f.getFieldName())
                    .contains("nick", "username", "realname", "port", "tls", "server-password", "sasl-user", "sasl-password");

            assertThatThrownBy(() -> bobXmpp.sendIqRequestAndWaitForResponse(submit(server, Map.of("nick", "bad nick"))))
                    .isInstanceOfSatisfying(XMPPErrorException.class, e -> {
                        assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.not_acceptable);
                        assertThat(e.getStanzaError().getDescriptiveText()).contains("nick");
                    });
            bobXmpp.sendIqRequestAndWaitForResponse(submit(server, Map.of("username", "bobl", "realname", "Robert Lane",
                    "nickserv-password", "hunter2")));
            IQ again = bobXmpp.sendIqRequestAndWaitForResponse(copyOf(get)); // a stanza is sent once: ask anew
            assertThat(again.toXML().toString()).contains("<registered", "Robert Lane").doesNotContain("hunter2");

            try (RawIrcClient hank = new RawIrcClient(IRC_PORT, "hank");
                 RawIrcClient nickserv = new RawIrcClient(IRC_PORT, "NickServ")) {
                hank.send("JOIN #whois");
                hank.await(l -> l.contains(" 366 "));
                MultiUserChat muc = MultiUserChatManager.getInstanceFor(bobXmpp)
                        .getMultiUserChat(JidCreate.entityBareFrom("#whois%localhost@irc.localhost"));
                muc.join(Resourcepart.from("bobby"));
                hank.await(l -> l.startsWith(":bobby!") && l.contains("JOIN"));
                // a stand-in NickServ on the real server gets the IDENTIFY
                assertThat(nickserv.await(l -> l.contains("PRIVMSG NickServ"))).startsWith(":bobby!").endsWith(":IDENTIFY hunter2");
                hank.send("WHOIS bobby");
                String whois = hank.await(l -> l.contains(" 311 "));
                assertThat(whois).contains("bobl").endsWith(":Robert Lane");
                muc.leave();
            }
        } finally {
            bobXmpp.disconnect();
        }
    }

    @Test
    void aPersistentChannelKeepsTheNickAndItsHistoryWhileAway() throws Exception {
        XMPPTCPConnection admin = XmppClients.login("admin", ProsodyPeer.DOMAIN, prosody.c2sPort);
        try (RawIrcClient pete = new RawIrcClient(IRC_PORT, "pete")) {
            pete.send("JOIN #persist");
            pete.await(l -> l.contains(" 366 "));
            admin.sendIqRequestAndWaitForResponse(submit(JidCreate.from("#persist%localhost@irc.localhost"), Map.of("persistent", "true")));
            MultiUserChat muc = MultiUserChatManager.getInstanceFor(admin)
                    .getMultiUserChat(JidCreate.entityBareFrom("#persist%localhost@irc.localhost"));
            muc.join(Resourcepart.from("adm"));
            pete.await(l -> l.startsWith(":adm!") && l.contains("JOIN"));
            muc.leave();
            pete.send("PRIVMSG #persist :while you were away");
            pete.send("NAMES #persist");
            String names = pete.await(l -> l.contains(" 353 ") || l.contains("PART #persist") || l.contains("QUIT"));
            assertThat(names).as("adm stays in the channel").contains(" 353 ").contains("adm");

            BlockingQueue<Message> replay = new LinkedBlockingQueue<>();
            MultiUserChat back = MultiUserChatManager.getInstanceFor(admin)
                    .getMultiUserChat(JidCreate.entityBareFrom("#persist%localhost@irc.localhost"));
            back.addMessageListener(m -> {
                if (m.getBody() != null) {
                    replay.add(m);
                }
            });
            back.join(Resourcepart.from("adm"));
            Message missed = replay.poll(10, TimeUnit.SECONDS);
            assertThat(missed).as("history on return").isNotNull();
            assertThat(missed.getBody()).isEqualTo("while you were away");
            assertThat(org.jivesoftware.smackx.delay.packet.DelayInformation.from(missed)).isNotNull();
            admin.sendIqRequestAndWaitForResponse(submit(JidCreate.from("#persist%localhost@irc.localhost"), Map.of("persistent", "false")));
            back.leave();
            assertThat(pete.await(l -> l.contains("PART #persist"))).startsWith(":adm!");
        } finally {
            admin.disconnect();
        }
    }

    @Test
    void theConfigureCommandSetsTheSameSettings() throws Exception {
        org.jxmpp.jid.Jid server = JidCreate.from("localhost@irc.localhost");
        var disco = org.jivesoftware.smackx.disco.ServiceDiscoveryManager.getInstanceFor(alice);
        assertThat(disco.discoverInfo(server).containsFeature("http://jabber.org/protocol/commands")).isTrue();
        var commands = org.jivesoftware.smackx.commands.AdHocCommandManager.getAddHocCommandsManager(alice);
        assertThat(commands.discoverCommands(server).getItems()).extracting(i -> i.getNode()).containsExactly("configure");
        var configure = commands.getRemoteCommand(server, "configure");
        configure.execute();
        var form = configure.getForm();
        assertThat(form.getField("realname")).isNotNull();
        var answer = new org.jivesoftware.smackx.xdata.form.FillableForm(form);
        answer.setAnswer("realname", "Alice Adhoc");
        configure.complete(answer);
        assertThat(configure.isCompleted()).isTrue();
        // the same settings XEP-0077 shows
        org.jivesoftware.smackx.iqregister.packet.Registration get = new org.jivesoftware.smackx.iqregister.packet.Registration();
        get.setType(IQ.Type.get);
        get.setTo(server);
        assertThat(alice.sendIqRequestAndWaitForResponse(get).toXML().toString()).contains("Alice Adhoc");
    }

    static IQ submit(org.jxmpp.jid.Jid to, Map<String, String> values) {
        var form = org.jivesoftware.smackx.xdata.packet.DataForm.builder(org.jivesoftware.smackx.xdata.packet.DataForm.Type.submit)
                .setFormType("jabber:iq:register");
        values.forEach((k, v) -> form.addField(org.jivesoftware.smackx.xdata.FormField.textSingleBuilder(k).setValue(v).build()));
        org.jivesoftware.smackx.iqregister.packet.Registration set = new org.jivesoftware.smackx.iqregister.packet.Registration();
        set.setType(IQ.Type.set);
        set.setTo(to);
        set.addExtension(form.build());
        return set;
    }

    static IQ copyOf(org.jivesoftware.smackx.iqregister.packet.Registration get) {
        org.jivesoftware.smackx.iqregister.packet.Registration r = new org.jivesoftware.smackx.iqregister.packet.Registration();
        r.setType(IQ.Type.get);
        r.setTo(get.getTo());
        return r;
    }

    @Test
    void theServersChannelsAreListedAsRooms() throws Exception {
        try (RawIrcClient ivy = new RawIrcClient(IRC_PORT, "ivy")) {
            ivy.send("JOIN #listed");
            ivy.await(l -> l.contains(" 366 "));
            ivy.send("TOPIC #listed :all about \u0002lists\u0002");
            ivy.await(l -> l.contains("TOPIC #listed"));
            var disco = org.jivesoftware.smackx.disco.ServiceDiscoveryManager.getInstanceFor(alice);
            var items = disco.discoverItems(JidCreate.from("localhost@irc.localhost")).getItems();
            assertThat(items).anySatisfy(i -> {
                assertThat(i.getEntityID().toString()).isEqualTo("#listed%localhost@irc.localhost");
                assertThat(i.getName()).isEqualTo("#listed (1): all about *lists*");
            });
        }
    }

    /**
     * XEP-0059: a client pages the channel list two at a time and sees every channel once. Bob
     * carol pages, with an IRC nick no other test uses: each user's list is cached for minutes,
     * and alice's belongs to the test above.
     */
    @Test
    void theChannelListIsPaged() throws Exception {
        XMPPTCPConnection carol = XmppClients.login("carol", ProsodyPeer.DOMAIN, prosody.c2sPort);
        try (RawIrcClient ivy = new RawIrcClient(IRC_PORT, "ivypager")) {
            for (int i = 1; i <= 5; i++) {
                ivy.send("JOIN #paged" + i);
                ivy.await(l -> l.contains(" 366 "));
            }
            List<String> seen = new java.util.ArrayList<>();
            String after = null;
            int count = -1;
            for (int pages = 0; pages < 50; pages++) {
                var query = new org.jivesoftware.smackx.disco.packet.DiscoverItems();
                query.setType(IQ.Type.get);
                query.setTo(JidCreate.from("localhost@irc.localhost"));
                query.addExtension(after == null ? new org.jivesoftware.smackx.rsm.packet.RSMSet(2)
                        : new org.jivesoftware.smackx.rsm.packet.RSMSet(2, after,
                                org.jivesoftware.smackx.rsm.packet.RSMSet.PageDirection.after));
                IQ answer = carol.sendIqRequestAndWaitForResponse(query);
                var set = org.jivesoftware.smackx.rsm.packet.RSMSet.from(answer);
                assertThat(set).as("the answer's <set/>").isNotNull();
                var items = ((org.jivesoftware.smackx.disco.packet.DiscoverItems) answer).getItems();
                assertThat(items.size()).isLessThanOrEqualTo(2);
                count = set.getCount();
                if (items.isEmpty()) {
                    break;
                }
                items.forEach(i -> seen.add(i.getEntityID().toString()));
                after = set.getLast();
            }
            assertThat(seen).doesNotHaveDuplicates().hasSize(count)
                    .contains("#paged1%localhost@irc.localhost", "#paged5%localhost@irc.localhost");

            var unknown = new org.jivesoftware.smackx.disco.packet.DiscoverItems();
            unknown.setType(IQ.Type.get);
            unknown.setTo(JidCreate.from("localhost@irc.localhost"));
            unknown.addExtension(new org.jivesoftware.smackx.rsm.packet.RSMSet(2, "#nosuch%localhost@irc.localhost",
                    org.jivesoftware.smackx.rsm.packet.RSMSet.PageDirection.after));
            assertThatThrownBy(() -> carol.sendIqRequestAndWaitForResponse(unknown))
                    .isInstanceOfSatisfying(XMPPErrorException.class, e ->
                            assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.item_not_found));
        } finally {
            carol.disconnect();
        }
    }

    @Test
    void roomsAndServersAnswerDiscoAsRooms() throws Exception {
        var disco = org.jivesoftware.smackx.disco.ServiceDiscoveryManager.getInstanceFor(alice);
        var room = disco.discoverInfo(JidCreate.from("#anything%localhost@irc.localhost"));
        assertThat(room.hasIdentity("conference", "irc")).isTrue();
        assertThat(room.containsFeature("http://jabber.org/protocol/muc")).isTrue();
        assertThat(disco.discoverInfo(JidCreate.from("localhost@irc.localhost")).hasIdentity("conference", "irc")).isTrue();
        assertThatThrownBy(() -> disco.discoverInfo(JidCreate.from("#bad%@irc.localhost")))
                .isInstanceOfSatisfying(XMPPErrorException.class, e ->
                        assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.item_not_found));
    }

    @Test
    void injectedLineBreaksNeverBecomeCommands() throws Exception {
        try (RawIrcClient bob = new RawIrcClient(IRC_PORT, "inez")) {
            bob.send("JOIN #inject");
            bob.await(l -> l.contains(" 366 "));
            MultiUserChat muc = room("#inject");
            muc.join(Resourcepart.from("alice"));
            bob.await(l -> l.startsWith(":alice!") && l.contains("JOIN"));
            // (NUL cannot travel in XMPP at all; the splitter's own tests cover it)
            muc.sendMessage("first\r\nQUIT :bye\nJOIN #other");
            assertThat(bob.await(l -> l.contains("PRIVMSG #inject"))).endsWith(":first");
            assertThat(bob.await(l -> l.contains("PRIVMSG #inject"))).endsWith(":QUIT :bye");
            assertThat(bob.await(l -> l.contains("PRIVMSG #inject"))).endsWith(":JOIN #other");
            muc.sendMessage("still here");
            assertThat(bob.await(l -> l.contains("PRIVMSG #inject") || l.contains("QUIT"))).endsWith(":still here");
            muc.leave();
        }
    }

    @Test
    void privateMessagesBothWays() throws Exception {
        try (RawIrcClient dave = new RawIrcClient(IRC_PORT, "dave")) {
            BlockingQueue<Message> chats = new LinkedBlockingQueue<>();
            alice.addAsyncStanzaListener(s -> chats.add((Message) s),
                    s -> s instanceof Message m && m.getType() == Message.Type.chat && m.getBody() != null);
            alice.sendStanza(alice.getStanzaFactory().buildMessageStanza().to("dave%localhost@irc.localhost")
                    .ofType(Message.Type.chat).setBody("hi dave").build());
            String line = dave.await(l -> l.contains("PRIVMSG dave"));
            assertThat(line).endsWith(":hi dave");
            String aliceNick = line.substring(1, line.indexOf('!'));
            dave.send("PRIVMSG " + aliceNick + " :hi alice");
            Message reply = chats.poll(10, TimeUnit.SECONDS);
            assertThat(reply.getBody()).isEqualTo("hi alice");
            assertThat(reply.getFrom().toString()).isEqualTo("dave%localhost@irc.localhost");
        }
    }

    @Test
    void aLockedChannelRefusesTheJoinWithAReason() throws Exception {
        try (RawIrcClient erin = new RawIrcClient(IRC_PORT, "erin")) {
            erin.send("JOIN #locked");
            erin.await(l -> l.contains(" 366 "));
            erin.send("MODE #locked +k sesame");
            erin.await(l -> l.contains("MODE #locked +k"));
            assertThatThrownBy(() -> room("#locked").join(Resourcepart.from("alice")))
                    .isInstanceOfSatisfying(XMPPErrorException.class, e ->
                            assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.not_authorized));
            MultiUserChat withKey = room("#locked");
            withKey.join(withKey.getEnterConfigurationBuilder(Resourcepart.from("alice")).withPassword("sesame").build());
            assertThat(withKey.isJoined()).isTrue();
            withKey.leave();
        }
    }

}
