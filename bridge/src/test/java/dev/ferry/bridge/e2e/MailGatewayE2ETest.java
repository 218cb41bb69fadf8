package dev.ferry.bridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMailUtil;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.MessageBuilder;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jivesoftware.smack.packet.StanzaError;
import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * XMPP users on a real Prosody write mail to anyone and get mail back through Ferry: GreenMail
 * in-process is the smarthost, and a plain SMTP client plays the sending MTA at Ferry's listener.
 */
@Tag("e2e")
class MailGatewayE2ETest {

    static final int BASE = 28200;
    static MailStage stage;
    @TempDir
    static Path data;

    @BeforeAll
    static void start() throws Exception {
        stage = MailStage.start("mail", BASE, data, Map.of("FERRY_MAIL_MAX_SIZE", "200000"), true);
    }

    @AfterAll
    static void stop() {
        if (stage != null) {
            stage.close();
        }
    }

    @BeforeEach
    void clear() throws Exception {
        stage.greenMail.purgeEmailFromAllMailboxes();
        stage.toAlice.clear();
        stage.toBob.clear();
    }

    static Message chat(String to, String body, String subject, String thread) throws Exception {
        MessageBuilder b = StanzaBuilder.buildMessage().to(JidCreate.from(to)).ofType(Message.Type.chat).setBody(body);
        if (subject != null) {
            b.setSubject(subject);
        }
        if (thread != null) {
            b.setThread(thread);
        }
        return b.build();
    }

    static MimeMessage awaitOneMail() {
        await().atMost(Duration.ofSeconds(20)).until(() -> stage.greenMail.getReceivedMessages().length >= 1);
        MimeMessage[] all = stage.greenMail.getReceivedMessages();
        assertThat(all).hasSize(1);
        return all[0];
    }

    static byte[] sample(String name) throws Exception {
        // The connector's parser samples: one set of real-shaped mails for unit and e2e tests.
        return java.nio.file.Files.readAllBytes(PeerScript.repoRoot().resolve("connectors/email/src/test/resources/captures/mail/" + name));
    }

    @Test
    void threadRoundTripXmppToMailToReplyToTheSameThread() throws Exception {
        stage.alice.sendStanza(chat("carol%mail.example@mail.localhost", "Lunch on Friday?\nAt noon, Grüße", "Lunch", "thread-42"));
        MimeMessage out = awaitOneMail();
        assertThat(out.getFrom()[0].toString()).contains("alice*localhost@mail.localhost");
        assertThat(out.getAllRecipients()).extracting(Object::toString).containsExactly("carol@mail.example");
        assertThat(out.getSubject()).isEqualTo("Lunch");
        assertThat(out.getHeader("Content-Transfer-Encoding")[0]).isEqualTo("quoted-printable");
        assertThat(GreenMailUtil.getBody(out)).contains("Gr=C3=BC=C3=9Fe");
        String firstId = out.getMessageID();
        assertThat(firstId).startsWith("<ferry.").endsWith("@mail.localhost>");

        String reply = "From: Carol <carol@mail.example>\r\nTo: alice*localhost@mail.localhost\r\nSubject: Re: Lunch\r\n"
                + "Message-ID: <reply-1@mail.example>\r\nIn-Reply-To: " + firstId + "\r\nReferences: " + firstId + "\r\n"
                + "Date: Tue, 24 Nov 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
                + "Yes, noon is fine.\r\n\r\nOn Tue, alice wrote:\r\n> Lunch on Friday?\r\n";
        try (MailSmtpClient smtp = stage.smtp()) {
            assertThat(smtp.send("carol@mail.example", "alice*localhost@mail.localhost", reply.getBytes(StandardCharsets.UTF_8)))
                    .startsWith("250");
        }
        Message in = MailStage.next(stage.toAlice);
        assertThat(in.getFrom().toString()).isEqualTo("carol%mail.example@mail.localhost");
        assertThat(in.getThread()).isEqualTo("thread-42");
        assertThat(in.getSubject()).isEqualTo("Re: Lunch");
        assertThat(in.getBody()).startsWith("Yes, noon is fine.").doesNotContain("> Lunch");

        stage.greenMail.purgeEmailFromAllMailboxes();
        stage.alice.sendStanza(chat("carol%mail.example@mail.localhost", "See you!", null, "thread-42"));
        MimeMessage second = awaitOneMail();
        assertThat(second.getHeader("In-Reply-To")[0]).isEqualTo("<reply-1@mail.example>");
        assertThat(second.getSubject()).isEqualTo("See you!");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "thunderbird-alternative.eml|Friday works – see you at noon at the café.",
            "outlook-windows-1252-qp.eml|der Bericht für März ist fertig – Grüße, René",
            "gmail-base64-attachment.eml|Hier ist das Foto 📷 vom Ausflug.",
            "iso-2022-jp.eml|よろしくお願いします。",
            "koi8-r-8bit.eml|Привет, Алиса!",
            "html-only-iso-8859-1.eml|Schöne Grüße aus Köln.",
    })
    void realMailsReachXmppReadable(String file, String expected) throws Exception {
        try (MailSmtpClient smtp = stage.smtp()) {
            assertThat(smtp.send("sender@mail.example", "alice*localhost@mail.localhost", sample(file))).startsWith("250");
        }
        Message in = MailStage.next(stage.toAlice);
        assertThat(in.getBody()).contains(expected).contains("[sender not verified]");
    }

    @Test
    void anAttachmentIsUploadedToProsodyAndSentAsALink() throws Exception {
        try (MailSmtpClient smtp = stage.smtp()) {
            assertThat(smtp.send("dana@gmail.example", "alice*localhost@mail.localhost", sample("gmail-base64-attachment.eml")))
                    .startsWith("250");
        }
        Message in = MailStage.next(stage.toAlice);
        String xml = in.toXML().toString();
        java.util.regex.Matcher url = java.util.regex.Pattern.compile("jabber:x:oob['\"]><url>([^<]+)</url>").matcher(xml);
        assertThat(url.find()).as(xml).isTrue();
        assertThat(url.group(1)).startsWith("http://127.0.0.1:" + (BASE + 58) + "/").endsWith("/ausflug.png");
        assertThat(in.getBody()).doesNotContain("attachment not shown");
        java.net.http.HttpResponse<byte[]> got = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(url.group(1))).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.body()).hasSize(70).startsWith(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "bob@gmail.example|550 5.7.1 relaying denied",
            "alice*localhost@other.example|550 5.7.1 relaying denied",
            "nobody@mail.localhost|550 5.1.1",
            "alice*evil.example@mail.localhost|550 5.7.1",
            "alice%gmail.example@mail.localhost|553",
    })
    void noOpenRelay(String rcpt, String expected) throws Exception {
        try (MailSmtpClient smtp = stage.smtp()) {
            MailSmtpClient.expect(smtp.command("MAIL FROM:<spammer@evil.example>"), 250);
            assertThat(smtp.command("RCPT TO:<" + rcpt + ">")).startsWith(expected);
        }
    }

    @Test
    void oversizedMailIs552() throws Exception {
        byte[] big = ("From: a@mail.example\r\nTo: alice*localhost@mail.localhost\r\nSubject: big\r\n\r\n"
                + "x".repeat(76).concat("\r\n").repeat(3000)).getBytes(StandardCharsets.US_ASCII);
        try (MailSmtpClient smtp = stage.smtp()) {
            MailSmtpClient.expect(smtp.command("MAIL FROM:<a@mail.example>"), 250);
            MailSmtpClient.expect(smtp.command("RCPT TO:<alice*localhost@mail.localhost>"), 250);
            assertThat(smtp.data(big)).startsWith("552");
        }
        assertThat(stage.toAlice.poll(1, java.util.concurrent.TimeUnit.SECONDS)).isNull();
    }

    @Test
    void crlfInSubjectOrBodyInjectsNoHeader() throws Exception {
        stage.alice.sendStanza(chat("carol%mail.example@mail.localhost", "hello\r\nBcc: victim2@evil.example",
                "hi\r\nBcc: victim@evil.example", null));
        MimeMessage out = awaitOneMail();
        assertThat(out.getHeader("Bcc")).isNull();
        assertThat(out.getSubject()).isEqualTo("hi Bcc: victim@evil.example");
        // GreenMail keeps one copy per envelope recipient: only carol.
        assertThat(stage.greenMail.getReceivedMessagesForDomain("evil.example")).isEmpty();
        assertThat(Arrays.stream(out.getAllRecipients()).map(Object::toString)).containsExactly("carol@mail.example");
    }

    @Test
    void aSharedFileGoesOutAsItsLink() throws Exception {
        // A body that does not repeat the link (clients usually put it there as well).
        Message m = StanzaBuilder.buildMessage().to(JidCreate.from("carol%mail.example@mail.localhost")).ofType(Message.Type.chat)
                .setBody("look at this")
                .addExtension(org.jivesoftware.smack.packet.StandardExtensionElement.builder("x", "jabber:x:oob")
                        .addElement("url", "https://upload.example/f/photo.jpg").build())
                .build();
        stage.alice.sendStanza(m);
        MimeMessage out = awaitOneMail();
        assertThat(GreenMailUtil.getBody(out)).contains("look at this").contains("https://upload.example/f/photo.jpg");
        assertThat(out.getSubject()).isEqualTo("look at this");
    }

    @Test
    void badAddressGetsAnErrorNotSilence() throws Exception {
        Message sent = chat("carol\\40@mail.localhost", "x", null, null);
        stage.alice.sendStanza(sent);
        Message error = MailStage.next(stage.toAlice);
        assertThat(error.getType()).isEqualTo(Message.Type.error);
        assertThat(error.getError().getCondition()).isEqualTo(StanzaError.Condition.item_not_found);
    }

    @Test
    void twoBridgeUsersWriteToEachOtherWithoutAMailLoop() throws Exception {
        stage.alice.sendStanza(chat("bob*localhost%mail.localhost@mail.localhost", "hi bob", null, "t-ab"));
        Message atBob = MailStage.next(stage.toBob);
        assertThat(atBob.getFrom().toString()).isEqualTo("alice*localhost%mail.localhost@mail.localhost");
        assertThat(atBob.getBody()).isEqualTo("hi bob");
        stage.bob.sendStanza(chat(atBob.getFrom().toString(), "hi alice", null, atBob.getThread()));
        Message atAlice = MailStage.next(stage.toAlice);
        assertThat(atAlice.getBody()).isEqualTo("hi alice");
        assertThat(atAlice.getThread()).isEqualTo("t-ab");
        // Nothing went out through the smarthost, and nothing more arrives: no loop.
        assertThat(stage.greenMail.getReceivedMessages()).isEmpty();
        assertThat(stage.toAlice.poll(2, java.util.concurrent.TimeUnit.SECONDS)).isNull();
        assertThat(stage.toBob.poll(0, java.util.concurrent.TimeUnit.SECONDS)).isNull();
    }

    @Test
    void ourOwnMailComingBackIsRefusedAsALoop() throws Exception {
        stage.alice.sendStanza(chat("carol%mail.example@mail.localhost", "forward me back", null, null));
        MimeMessage out = awaitOneMail();
        java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
        out.writeTo(raw);
        try (MailSmtpClient smtp = stage.smtp()) {
            assertThat(smtp.send("carol@mail.example", "alice*localhost@mail.localhost", raw.toByteArray())).startsWith("554 5.4.6");
        }
        assertThat(stage.toAlice.poll(1, java.util.concurrent.TimeUnit.SECONDS)).isNull();
    }

    @Test
    void automaticMailIsDeliveredButNeverAnswered() throws Exception {
        try (MailSmtpClient smtp = stage.smtp()) {
            assertThat(smtp.send("", "alice*localhost@mail.localhost", sample("vacation-auto-reply.eml"))).startsWith("250");
        }
        assertThat(MailStage.next(stage.toAlice).getBody()).startsWith("I am away until Monday.");
        Thread.sleep(500);
        assertThat(stage.greenMail.getReceivedMessages()).isEmpty();
    }
}
