package dev.ferry.bridge.xmpp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class StanzaHeadTest {

    static Stream<String> prosodyCaptures() {
        return Stream.of("message-chat-active", "message-chat-composing", "message-correction", "message-empty",
                "message-error-bounce", "message-error-from-client", "message-groupchat", "message-receipt-received",
                "message-receipt-request", "message-subject-thread", "message-unicode", "presence-available",
                "presence-away-status", "presence-probe", "presence-subscribe", "presence-unavailable");
    }

    /** What Prosody 0.12 sent a component (captures/prosody-0.12): only the groupchat message is one. */
    @ParameterizedTest
    @MethodSource("prosodyCaptures")
    void onlyTheGroupchatMessageOfProsodysCapturesIsOne(String capture) throws IOException {
        String xml;
        try (InputStream in = StanzaHeadTest.class.getResourceAsStream("/captures/prosody-0.12/" + capture + ".xml")) {
            xml = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
        assertThat(StanzaHead.isGroupchatMessage(xml)).isEqualTo(capture.equals("message-groupchat"));
    }

    /** The tokenizer's edges: the type of another element, or text inside another attribute's value, is not the message's type. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "<message type='groupchat' to='#c%irc.example.org@irc.example.test'><body>x</body></message>| true",
        "<message\ttype = \"groupchat\"><body>x</body></message>                                   | true",
        "<message to='a@b' type='chat'><body>type='groupchat'</body></message>                     | false",
        "<message id=\"x type='groupchat'\" type='chat'><body>x</body></message>                   | false",
        "<message id='x' ><body type='groupchat'/></message>                                        | false",
        "<messages type='groupchat'/>                                                               | false",
        "<presence type='groupchat'/>                                                               | false",
        "<message type='groupchat                                                                   | false",
        "<message type=groupchat><body>x</body></message>                                           | false",
        "<message type='normal'/>                                                                   | false",
    })
    void onlyTheStartTagsOwnTypeCounts(String xml, boolean groupchat) {
        assertThat(StanzaHead.isGroupchatMessage(xml.strip())).isEqualTo(groupchat);
    }
}
