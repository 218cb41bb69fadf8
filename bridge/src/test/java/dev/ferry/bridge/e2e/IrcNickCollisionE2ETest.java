package dev.ferry.bridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smackx.muc.packet.MUCUser;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jxmpp.jid.parts.Resourcepart;
import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user's first IRC connection finds their nick taken: the next one is used and the user is told. */
@Tag("e2e")
class IrcNickCollisionE2ETest {

    @TempDir
    Path data;

    @Test
    void aTakenNickIsReplacedAndTheUserIsTold() throws Exception {
        try (GatewayFixture stage = GatewayFixture.start("nick", 25222, 25347, 16672, data);
             RawIrcClient carl = new RawIrcClient(stage.ircPort, "carl")) {
            BlockingQueue<Message> told = new LinkedBlockingQueue<>();
            stage.alice.addAsyncStanzaListener(m -> told.add((Message) m), m -> m instanceof Message msg && msg.getBody() != null
                    && msg.getFrom().toString().equals("localhost@irc.localhost"));
            carl.send("JOIN #taken");
            carl.await(l -> l.contains(" 366 "));
            MultiUserChat muc = MultiUserChatManager.getInstanceFor(stage.alice)
                    .getMultiUserChat(JidCreate.entityBareFrom("#taken%localhost@irc.localhost"));
            // XEP-0045 lets a service change the joining nick: the self-presence (110) comes from carl_
            muc.join(Resourcepart.from("carl"));
            assertThat(told.poll(10, TimeUnit.SECONDS).getBody()).isEqualTo("The nick carl is taken on localhost; trying carl_.");
            assertThat(carl.await(l -> l.contains("JOIN") && l.contains("#taken"))).startsWith(":carl_!");
            assertThat(muc.getNickname().toString()).isEqualTo("carl_");
        }
    }

    /**
     * A nick change from the room: the client's presence to room/newnick becomes NICK on IRC and
     * comes back as XEP-0045's pair. (Smack 4.4.8's own changeNickname() times out on this pair,
     * and on Prosody's own MUC service just the same; see design-notes. So the presence is sent by hand.)
     */
    @Test
    void aNickChangeFromTheRoomRenamesOnIrc() throws Exception {
        try (GatewayFixture stage = GatewayFixture.start("nick", 25222, 25347, 16672, data);
             RawIrcClient dora = new RawIrcClient(stage.ircPort, "dora")) {
            dora.send("JOIN #renames");
            dora.await(l -> l.contains(" 366 "));
            MultiUserChat muc = MultiUserChatManager.getInstanceFor(stage.alice)
                    .getMultiUserChat(JidCreate.entityBareFrom("#renames%localhost@irc.localhost"));
            muc.join(Resourcepart.from("alice"));
            dora.await(l -> l.startsWith(":alice!") && l.contains("JOIN"));
            BlockingQueue<Presence> pair = new LinkedBlockingQueue<>();
            stage.alice.addAsyncStanzaListener(p -> pair.add((Presence) p), p -> p instanceof Presence
                    && p.getFrom().asBareJid().toString().equals("#renames%localhost@irc.localhost")
                    && MUCUser.from(p) != null && MUCUser.from(p).getStatus().contains(MUCUser.Status.PRESENCE_TO_SELF_110));

            stage.alice.sendStanza(stage.alice.getStanzaFactory().buildPresenceStanza()
                    .to(JidCreate.entityFullFrom("#renames%localhost@irc.localhost/alys")).build());

            assertThat(dora.await(l -> l.contains(" NICK "))).startsWith(":alice!").endsWith("alys");
            Presence gone = pair.poll(10, TimeUnit.SECONDS);
            assertThat(gone).isNotNull();
            assertThat(gone.getType()).isEqualTo(Presence.Type.unavailable);
            assertThat(gone.getFrom().getResourceOrThrow().toString()).isEqualTo("alice");
            assertThat(MUCUser.from(gone).getStatus()).contains(MUCUser.Status.NEW_NICKNAME_303);
            assertThat(MUCUser.from(gone).getItem().getNick().toString()).isEqualTo("alys");
            Presence back = pair.poll(10, TimeUnit.SECONDS);
            assertThat(back).isNotNull();
            assertThat(back.getType()).isEqualTo(Presence.Type.available);
            assertThat(back.getFrom().getResourceOrThrow().toString()).isEqualTo("alys");

            stage.alice.sendStanza(stage.alice.getStanzaFactory().buildMessageStanza()
                    .to(JidCreate.entityBareFrom("#renames%localhost@irc.localhost"))
                    .ofType(Message.Type.groupchat).setBody("renamed").build());
            assertThat(dora.await(l -> l.contains("PRIVMSG #renames"))).startsWith(":alys!").endsWith(":renamed");
        }
    }
}
