package dev.ferry.bridge.xmpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.NoSuchElementException;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.util.PacketParserUtils;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.junit.jupiter.api.Test;

class StaxParsersTest {

    @Test
    void releaseClosesTheReaderUnderSmacksParser() throws Exception {
        // If a Smack upgrade renames the field, nothing is closed any more: this fails instead of the buffers silently leaking.
        XmlPullParser parser = PacketParserUtils.getParserFor("<a><b/><c/></a>");

        StaxParsers.release(parser);

        assertThatThrownBy(parser::next).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void releasingNoParserIsHarmless() {
        StaxParsers.release(null);
    }

    @Test
    void stanzasParsedOneAfterAnotherWithRecycledBuffersComeOutWhole() throws Exception {
        // Aalto reuses the buffers a closed reader gave back: no stanza may see another's text.
        StanzaCodec codec = new StanzaCodec();
        String longBody = "x".repeat(9_000);
        for (String body : new String[] {longBody, "short", "ü€😀 " + longBody, "end"}) {
            Message m = (Message) codec.parse("<message xmlns='jabber:component:accept' to='a@b' from='c@d' id='i'><body>" + body
                    + "</body></message>");
            assertThat(m.getBody()).isEqualTo(body);
        }
    }
}
