package dev.ferry.bridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.filter.AndFilter;
import org.jivesoftware.smack.filter.FromMatchesFilter;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.filter.StanzaFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.MessageBuilder;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.chatstates.ChatState;
import org.jivesoftware.smackx.chatstates.packet.ChatStateExtension;
import org.jivesoftware.smackx.receipts.DeliveryReceipt;
import org.jivesoftware.smackx.receipts.DeliveryReceiptRequest;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An XMPP user on a real Prosody and SIP phones played by SIPp exchange MESSAGEs through Ferry
 * (RFC 3428 / RFC 7572), and each SIP error reaches the XMPP user as its RFC 7247 stanza error,
 * each XMPP error the SIP phone as its SIP response.
 */
@Tag("e2e")
class SipMessageE2ETest {

    static final int SIP_PORT = 27060;
    /** SIPp as the outbound proxy / phone that takes Ferry's requests. */
    static final int UAS_PORT = 27070;
    static final int UAC_PORT = 27071;
    static SipStage stage;
    static XMPPTCPConnection alice;
    @TempDir
    static Path data;

    @BeforeAll
    static void start() throws Exception {
        E2E.requireCommand("sipp");
        stage = SipStage.start("sip-message", 27222, 27347, SIP_PORT, Map.of(
                "FERRY_SIP_OUTBOUND_PROXY", "sip:127.0.0.1:" + UAS_PORT,
                "FERRY_SIP_TRUSTED", "127.0.0.1/32"), data);
        alice = stage.alice;
    }

    @AfterAll
    static void stop() {
        if (stage != null) {
            stage.close();
        }
    }

    static EntityBareJid bob() throws Exception {
        return JidCreate.entityBareFrom("bob%sip.example.com@" + SipStage.GATEWAY);
    }

    /** Alice writes to bob's SIP phone, which answers {@code code}; what comes back to alice. */
    static Message sendExpectingAnswer(SipSipp phone, MessageBuilder builder, StanzaFilter answer) throws Exception {
        Message m = builder.build();
        try (StanzaCollector c = alice.createStanzaCollector(new AndFilter(FromMatchesFilter.createBare(bob()), answer))) {
            alice.sendStanza(m);
            phone.await();
            return c.nextResult(10_000);
        }
    }

    @Test
    void xmppMessageBecomesASipMessageWithCleanHeadersAndA200GivesTheReceipt() throws Exception {
        try (SipSipp phone = SipSipp.start("message-uas-200.xml", "127.0.0.1", UAS_PORT, "udp", null, Map.of())) {
            Thread.sleep(300); // SIPp binds its socket
            MessageBuilder b = StanzaBuilder.buildMessage("m-200").to(bob()).ofType(Message.Type.chat)
                    .setBody("hello sip ☎").setSubject("line one\r\nX-Injected: evil\n")
                    .addExtension(new DeliveryReceiptRequest());
            Message receipt = sendExpectingAnswer(phone, b, s -> DeliveryReceipt.from((Message) s) != null);
            String request = phone.receivedRequest();
            assertThat(request).startsWith("MESSAGE sip:bob@sip.example.com SIP/2.0\n");
            assertThat(request).contains("\nFrom: <sip:alice*localhost@127.0.0.1>;tag=")
                    .contains("\nTo: <sip:bob@sip.example.com>")
                    .contains("\nRoute: <sip:127.0.0.1:" + UAS_PORT + ";lr>")
                    .containsPattern("\nContent-Type: text/plain; ?charset=UTF-8\n")
                    .contains("\nSubject: line one X-Injected: evil\n")
                    .doesNotContain("\nX-Injected");
            assertThat(request).endsWith("\n\nhello sip ☎");
            assertThat((Object) receipt).as("XEP-0184 receipt for a 200 OK").isNotNull();
            assertThat(DeliveryReceipt.from(receipt).getId()).isEqualTo("m-200");
        }
    }

    @Test
    void a202IsDeliveredWithoutAReceipt() throws Exception {
        try (SipSipp phone = SipSipp.start("message-uas-202.xml", "127.0.0.1", UAS_PORT, "udp", null, Map.of())) {
            Thread.sleep(300);
            MessageBuilder b = StanzaBuilder.buildMessage("m-202").to(bob()).ofType(Message.Type.chat).setBody("stored?")
                    .addExtension(new DeliveryReceiptRequest());
            StanzaFilter receiptOrError = s -> DeliveryReceipt.from((Message) s) != null
                    || ((Message) s).getType() == Message.Type.error;
            try (StanzaCollector c = alice.createStanzaCollector(new AndFilter(FromMatchesFilter.createBare(bob()), receiptOrError))) {
                alice.sendStanza(b.build());
                assertThat(phone.await()).as(phone.output()).isTrue();
                assertThat((Object) c.nextResult(2_000)).as("no receipt and no error for a 202").isNull();
            }
        }
    }

    @ParameterizedTest(name = "SIP {0} -> {1}")
    @CsvSource({
            "404, item_not_found",
            "403, forbidden",
            "408, remote_server_timeout",
            "480, recipient_unavailable",
            "503, service_unavailable"})
    void sipErrorResponsesBecomeStanzaErrors(int code, String condition) throws Exception {
        try (SipSipp phone = SipSipp.start("message-uas-" + code + ".xml", "127.0.0.1", UAS_PORT, "udp", null, Map.of())) {
            Thread.sleep(300);
            MessageBuilder b = StanzaBuilder.buildMessage("m-" + code).to(bob()).ofType(Message.Type.chat).setBody("are you there?");
            Message error = sendExpectingAnswer(phone, b, MessageTypeFilter.ERROR);
            assertThat((Object) error).as("an error for SIP " + code).isNotNull();
            assertThat(error.getStanzaId()).isEqualTo("m-" + code);
            assertThat(error.getError().getCondition()).isEqualTo(StanzaError.Condition.valueOf(condition));
            assertThat(error.getError().getDescriptiveText()).contains("SIP " + code);
        }
    }

    @Test
    void aSipPhoneMessagesAliceAndHerReplyGoesBack() throws Exception {
        EntityBareJid bobJid = bob();
        try (StanzaCollector inbox = alice.createStanzaCollector(new AndFilter(FromMatchesFilter.createBare(bobJid),
                MessageTypeFilter.CHAT));
             SipSipp uac = SipSipp.start("message-uac.xml", "127.0.0.1", UAC_PORT, "udp", "127.0.0.1:" + SIP_PORT,
                     Map.of("body", "hello alice", "from", "bob", "subject", "greeting", "ctype", "text/plain;charset=UTF-8"),
                     "-s", "alice*localhost")) {
            assertThat(uac.await()).as(uac.output()).isTrue();
            assertThat(uac.status()).isEqualTo("202 Accepted");
            Message got = inbox.nextResult(10_000);
            assertThat((Object) got).isNotNull();
            assertThat(got.getBody()).isEqualTo("hello alice");
            assertThat(got.getSubject()).isEqualTo("greeting");
            assertThat(got.getFrom().asBareJid().toString()).isEqualTo(bobJid.toString());
        }
        try (SipSipp phone = SipSipp.start("message-uas-200.xml", "127.0.0.1", UAS_PORT, "udp", null, Map.of())) {
            Thread.sleep(300);
            alice.sendStanza(StanzaBuilder.buildMessage("reply").to(bobJid).ofType(Message.Type.chat).setBody("hi bob").build());
            assertThat(phone.await()).as(phone.output()).isTrue();
            assertThat(phone.receivedRequest()).startsWith("MESSAGE sip:bob@sip.example.com SIP/2.0\n").endsWith("\n\nhi bob");
        }
    }

    @Test
    void theSameRequestAgainInANewTransactionIsAnsweredButDeliveredOnce() throws Exception {
        // A proxy that lost Ferry's answer (killed, restarted) relays the sender's retransmission
        // with a new Via branch: a new transaction for the same message (RFC 3261 §8.2.2.2).
        try (StanzaCollector inbox = alice.createStanzaCollector(new AndFilter(FromMatchesFilter.createBare(bob()),
                MessageTypeFilter.CHAT));
             SipSipp uac = SipSipp.start("message-uac-same-request-twice.xml", "127.0.0.1", UAC_PORT, "udp",
                     "127.0.0.1:" + SIP_PORT, Map.of("body", "only once, please"), "-s", "alice*localhost")) {
            assertThat(uac.await()).as("both transactions answered 202: " + uac.output()).isTrue();
            Message first = inbox.nextResult(10_000);
            assertThat((Object) first).isNotNull();
            assertThat(first.getBody()).isEqualTo("only once, please");
            assertThat((Object) inbox.nextResult(2_000)).as("a second copy").isNull();
        }
    }

    @Test
    void aMessageForAnAccountProsodyDoesNotHaveIsAnsweredWithItsError() throws Exception {
        // Prosody answers a message to a missing account service-unavailable (it does not tell
        // which accounts exist); RFC 7247 §6 makes that 503, inside the MESSAGE's own transaction.
        try (SipSipp uac = SipSipp.start("message-uac.xml", "127.0.0.1", UAC_PORT, "udp", "127.0.0.1:" + SIP_PORT,
                Map.of("body", "anyone?", "from", "bob", "subject", "x", "ctype", "text/plain"), "-s", "nobody*localhost")) {
            uac.await();
            assertThat(uac.status()).startsWith("503 ");
        }
    }

    @Test
    void aUserPartOutsideTheMappingIs404() throws Exception {
        try (SipSipp uac = SipSipp.start("message-uac.xml", "127.0.0.1", UAC_PORT, "udp", "127.0.0.1:" + SIP_PORT,
                Map.of("body", "hi", "from", "bob", "subject", "x", "ctype", "text/plain"), "-s", "alice")) {
            uac.await();
            assertThat(uac.status()).startsWith("404 Not Found");
        }
    }

    @Test
    void anUntrustedSourceIs403AndNothingReachesXmpp() throws Exception {
        try (StanzaCollector inbox = alice.createStanzaCollector(MessageTypeFilter.CHAT);
             SipSipp uac = SipSipp.start("message-uac.xml", "127.0.0.2", UAC_PORT, "udp", "127.0.0.1:" + SIP_PORT,
                     Map.of("body", "spam", "from", "mallory", "subject", "x", "ctype", "text/plain"), "-s", "alice*localhost")) {
            uac.await();
            assertThat(uac.status()).startsWith("403 Forbidden");
            assertThat((Object) inbox.nextResult(1_000)).isNull();
        }
    }

    @Test
    void chatStatesTravelAsIsComposingBothWays() throws Exception {
        try (SipSipp phone = SipSipp.start("message-uas-200.xml", "127.0.0.1", UAS_PORT, "udp", null, Map.of())) {
            Thread.sleep(300);
            alice.sendStanza(StanzaBuilder.buildMessage().to(bob()).ofType(Message.Type.chat)
                    .addExtension(new ChatStateExtension(ChatState.composing)).build());
            assertThat(phone.await()).as(phone.output()).isTrue();
            assertThat(phone.receivedRequest()).contains("\nContent-Type: application/im-iscomposing+xml\n")
                    .contains("<state>active</state>");
        }
        String composing = "<?xml version='1.0' encoding='UTF-8'?><isComposing xmlns='urn:ietf:params:xml:ns:im-iscomposing'>"
                + "<state>active</state><refresh>60</refresh></isComposing>";
        try (StanzaCollector inbox = alice.createStanzaCollector(new AndFilter(FromMatchesFilter.createBare(bob()),
                s -> s.hasExtension(ChatStateExtension.NAMESPACE)));
             SipSipp uac = SipSipp.start("message-uac.xml", "127.0.0.1", UAC_PORT, "udp", "127.0.0.1:" + SIP_PORT,
                     Map.of("body", composing, "from", "bob", "subject", "x", "ctype", "application/im-iscomposing+xml"),
                     "-s", "alice*localhost")) {
            uac.await();
            assertThat((String) uac.status()).isEqualTo("202 Accepted");
            Message state = inbox.nextResult(10_000);
            assertThat((Object) state).isNotNull();
            assertThat(((ChatStateExtension) state.getExtension(ChatStateExtension.NAMESPACE)).getChatState())
                    .isEqualTo(ChatState.composing);
        }
    }
}
