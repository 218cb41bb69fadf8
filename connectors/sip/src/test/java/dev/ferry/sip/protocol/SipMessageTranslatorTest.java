package dev.ferry.sip.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.spi.Address;
import dev.ferry.spi.ChatState;
import dev.ferry.spi.Event;
import dev.ferry.spi.Message;
import gov.nist.javax.sip.parser.StringMsgParser;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.stream.Stream;
import javax.sip.address.SipURI;
import javax.sip.message.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** SIP MESSAGE ↔ neutral events, from requests a real SIPp sent (captures/sipp, see captures/README.md). */
class SipMessageTranslatorTest {

    static final SipMessageTranslator T = new SipMessageTranslator("sip.localhost", "*", 65536);
    static final Address BOB = Address.of("bob%sip.example.com", "sip.localhost");

    static Request capture(String name) throws Exception {
        String path = name.contains("/") ? name : "sipp/" + name;
        try (InputStream in = SipMessageTranslatorTest.class.getResourceAsStream("/captures/" + path + ".sip")) {
            return (Request) new StringMsgParser().parseSIPMessage(in.readAllBytes(), true, false, null);
        }
    }

    static Stream<Arguments> messages() {
        return Stream.of(
                Arguments.of("plain-to-jid", Address.of("alice", "localhost"), "hello ferry", Optional.of("hi")),
                Arguments.of("utf8-to-jid", Address.of("alice", "example.org"), "grüße ☎", Optional.of("none")),
                Arguments.of("latin1-to-jid", Address.of("alice", "localhost"), "café", Optional.of("none")),
                // as Kamailio relays a MESSAGE for alice's AOR to the contact Ferry registered
                Arguments.of("kamailio/relayed-to-contact", Address.of("alice", "localhost"), "hello via kamailio",
                        Optional.of("relayed")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void textMessagesBecomeChatMessages(String capture, Address to, String body, Optional<String> subject) throws Exception {
        Event e = T.fromSip(capture(capture));
        assertThat(e).isInstanceOf(Message.class);
        Message m = (Message) e;
        assertThat(m.from()).isEqualTo(BOB);
        assertThat(m.to()).isEqualTo(to);
        assertThat(m.kind()).isEqualTo(Message.Kind.CHAT);
        assertThat(m.body()).isEqualTo(body);
        assertThat(m.subject()).isEqualTo(subject);
        assertThat(m.id()).startsWith("sip-").isEqualTo(SipMessageTranslator.messageId(capture(capture)));
    }

    static Stream<Arguments> chatStates() {
        return Stream.of(
                Arguments.of("iscomposing-active", ChatState.State.COMPOSING),
                Arguments.of("iscomposing-idle", ChatState.State.PAUSED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("chatStates")
    void isComposingBecomesAChatState(String capture, ChatState.State state) throws Exception {
        assertThat(T.fromSip(capture(capture))).isEqualTo(new ChatState(BOB, Address.of("alice", "localhost"), state));
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("no-separator", 404, "no '*' separating"),
                Arguments.of("html", 415, "text/html"),
                Arguments.of("iscomposing-doctype", 400, "not an isComposing document"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("refusals")
    void requestsOutsideTheMappingAreRefusedWithTheirCode(String capture, int code, String reason) throws Exception {
        Request r = capture(capture);
        assertThatThrownBy(() -> T.fromSip(r)).isInstanceOfSatisfying(SipRefusal.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.reason()).contains(reason);
        });
    }

    @Test
    void bodiesOverTheLimitAre413() throws Exception {
        SipMessageTranslator small = new SipMessageTranslator("sip.localhost", "*", 8);
        assertThatThrownBy(() -> small.fromSip(capture("plain-to-jid")))
                .isInstanceOfSatisfying(SipRefusal.class, e -> assertThat(e.code()).isEqualTo(413));
    }

    @Test
    void invalidUtf8Is400() throws Exception {
        Request r = capture("plain-to-jid");
        r.setContent(new byte[] {'h', (byte) 0xc3, '(' }, SipFactories.HEADERS.createContentTypeHeader("text", "plain"));
        assertThatThrownBy(() -> T.fromSip(r)).isInstanceOfSatisfying(SipRefusal.class, e -> assertThat(e.code()).isEqualTo(400));
    }

    @Test
    void retransmissionsKeepTheirIdAndOtherRequestsGetAnother() throws Exception {
        assertThat(SipMessageTranslator.messageId(capture("plain-to-jid")))
                .isEqualTo(SipMessageTranslator.messageId(capture("plain-to-jid")))
                .isNotEqualTo(SipMessageTranslator.messageId(capture("utf8-to-jid")));
    }

    // ---- from XMPP ----

    @Test
    void anXmppMessageBecomesAMessageRequestThroughTheProxy() throws Exception {
        Message m = new Message(new Address("alice", "localhost", "phone"), BOB, Message.Kind.CHAT, "hi\nthere",
                Optional.of("line\r\nX-Evil: 1\u0000\u0085"), Optional.empty(), "id1", Optional.empty(), java.util.List.of(),
                java.time.Instant.now());
        SipURI from = T.identity(m.from(), "127.0.0.1");
        SipURI proxy = (SipURI) SipFactories.ADDRESSES.createURI("sip:127.0.0.1:5080");
        Request r = T.toSip(m, from, Optional.of(proxy));
        String wire = r.toString();
        assertThat(wire).startsWith("MESSAGE sip:bob@sip.example.com SIP/2.0\r\n")
                .contains("\r\nFrom: <sip:alice*localhost@127.0.0.1>;tag=")
                .contains("\r\nTo: <sip:bob@sip.example.com>\r\n")
                .contains("\r\nRoute: <sip:127.0.0.1:5080;lr>\r\n")
                .contains("\r\nSubject: line X-Evil: 1\r\n")
                .doesNotContain("\r\nX-Evil")
                .endsWith("\r\n\r\nhi\nthere");
        assertThat(new String(r.getRawContent(), StandardCharsets.UTF_8)).isEqualTo("hi\nthere");
        // what Ferry writes, JAIN-SIP's parser (as a peer's would) reads back whole
        Request back = (Request) new StringMsgParser().parseSIPMessage(wire.getBytes(StandardCharsets.UTF_8), true, false, null);
        assertThat(back.getHeader("X-Evil")).isNull();
    }

    @Test
    void aChatStateBecomesAnIsComposingMessage() throws Exception {
        ChatState c = new ChatState(Address.of("alice", "localhost"), BOB, ChatState.State.COMPOSING);
        Request r = T.toSip(c, T.identity(c.from(), "127.0.0.1"), Optional.empty());
        assertThat(r.toString()).contains("Content-Type: application/im-iscomposing+xml\r\n")
                .doesNotContain("Route:");
        assertThat(IsComposing.parse(r.getRawContent())).contains(ChatState.State.COMPOSING);
    }

    @Test
    void targetsOutsideTheMappingAreRefusedBeforeAnythingIsSent() {
        ChatState toGateway = new ChatState(Address.of("alice", "localhost"), Address.domain("sip.localhost"), ChatState.State.COMPOSING);
        assertThatThrownBy(() -> T.toSip(toGateway, T.identity(toGateway.from(), "h"), Optional.empty()))
                .hasMessageContaining("user%host");
        ChatState injected = new ChatState(Address.of("alice", "localhost"), Address.of("bob;x=1%host", "sip.localhost"),
                ChatState.State.COMPOSING);
        assertThatThrownBy(() -> T.toSip(injected, T.identity(injected.from(), "h"), Optional.empty()))
                .hasMessageContaining("';'");
    }
}
