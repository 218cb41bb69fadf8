package dev.ferry.bridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.Message;
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
}
