package dev.ferry.bridge.xmpp;

import static org.assertj.core.api.Assertions.assertThat;

import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;

class StanzaCodecTest {

    final StanzaCodec codec = new StanzaCodec();

    @Test
    void whatItWroteReadsBackWithItsBody() throws Exception {
        Message m = StanzaBuilder.buildMessage("m1").ofType(Message.Type.chat)
                .from(JidCreate.fromOrThrowUnchecked("bob%irc.example@irc.localhost"))
                .to(JidCreate.fromOrThrowUnchecked("alice@localhost/pc")).setBody("hello <&> #1").build();
        String written = codec.serialize(m);
        assertThat(written).startsWith("<message ").doesNotContain("xmlns='jabber:client'");

        Message back = (Message) codec.parseWritten(written);

        assertThat(back.getBody()).isEqualTo("hello <&> #1");
        assertThat(back.getStanzaId()).isEqualTo("m1");
        assertThat(back.getTo().toString()).isEqualTo("alice@localhost/pc");
    }

    @Test
    void aRootThatNamesItsNamespaceIsReadAsIs() throws Exception {
        Message back = (Message) codec.parseWritten("<message xmlns='jabber:component:accept' to='a@b' from='c@d'><body>x</body></message>");
        assertThat(back.getBody()).isEqualTo("x");
    }
}
