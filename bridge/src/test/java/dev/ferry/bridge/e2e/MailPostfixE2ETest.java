package dev.ferry.bridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Postfix (src/peers/postfix.sh) as Ferry's smarthost and as the MX in front of Ferry's
 * listener: the mail round trip goes through it both ways, and its refusals reach the XMPP sender.
 * GreenMail stands for "the rest of the world" behind Postfix.
 */
@Tag("e2e")
class MailPostfixE2ETest {

    static final int BASE = 28500;
    static final int POSTFIX_PORT = BASE + 10;
    static MailStage stage;
    static PeerScript postfix;
    @TempDir
    static Path data;

    @BeforeAll
    static void start() throws Exception {
        E2E.requireCommand("postfix");
        postfix = new PeerScript("postfix", "mail", Map.of("FERRY_SMTP_PORT", Integer.toString(POSTFIX_PORT),
                "FERRY_MAIL_DOMAIN", "mail.localhost", "FERRY_MAIL_LISTENER_PORT", Integer.toString(BASE + 4),
                "FERRY_ONWARD_PORT", Integer.toString(BASE + 2), "FERRY_REJECT_DOMAIN", "rejected.example",
                "FERRY_BOUNCE_DOMAIN", "bounced.example"));
        postfix.startFresh();
        stage = MailStage.start("mail-postfix", BASE, data, Map.of("FERRY_MAIL_SMARTHOST", "127.0.0.1:" + POSTFIX_PORT), true);
    }

    @AfterAll
    static void stop() {
        if (stage != null) {
            stage.close();
        }
        if (postfix != null) {
            postfix.tryRun("stop");
        }
    }

    @BeforeEach
    void clear() throws Exception {
        stage.greenMail.purgeEmailFromAllMailboxes();
        stage.toAlice.clear();
    }

    static void send(String to, String body, String thread) throws Exception {
        var b = StanzaBuilder.buildMessage().to(JidCreate.from(to)).ofType(Message.Type.chat).setBody(body);
        if (thread != null) {
            b.setThread(thread);
        }
        stage.alice.sendStanza(b.build());
    }

    @Test
    void threadRoundTripThroughPostfixBothWays() throws Exception {
        send("carol%mail.example@mail.localhost", "Via Postfix, Grüße", "pf-thread");
        await().atMost(Duration.ofSeconds(30)).until(() -> stage.greenMail.getReceivedMessages().length == 1);
        MimeMessage out = stage.greenMail.getReceivedMessages()[0];
        assertThat(out.getHeader("Received")[0]).contains("postfix-mail.localhost");
        String id = out.getMessageID();

        String reply = "From: carol@mail.example\r\nTo: alice*localhost@mail.localhost\r\nSubject: Re: Via Postfix\r\n"
                + "Message-ID: <pf-reply@mail.example>\r\nIn-Reply-To: " + id + "\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n\r\nGot it through Postfix.\r\n";
        try (MailSmtpClient smtp = new MailSmtpClient(POSTFIX_PORT)) {
            assertThat(smtp.send("carol@mail.example", "alice*localhost@mail.localhost", reply.getBytes(StandardCharsets.UTF_8)))
                    .startsWith("250");
        }
        Message in = MailStage.next(stage.toAlice);
        assertThat(in.getThread()).isEqualTo("pf-thread");
        assertThat(in.getBody()).startsWith("Got it through Postfix.");
    }

    @Test
    void aPermanentRefusalByTheSmarthostReachesTheSenderAsAnError() throws Exception {
        send("bob%rejected.example@mail.localhost", "this domain is refused", null);
        Message error = MailStage.next(stage.toAlice);
        assertThat(error.getType()).isEqualTo(Message.Type.error);
        assertThat(error.getError().getDescriptiveText()).contains("554").contains("no such domain here");
        assertThat(stage.ferry.store().outbox().depth("smtp:mail.localhost")).isZero();
    }

    @Test
    void aBounceAfterTheFactReachesTheSenderAsAnErrorAboutTheirMessage() throws Exception {
        Message sent = StanzaBuilder.buildMessage("msg-to-dave").to(JidCreate.from("dave%bounced.example@mail.localhost"))
                .ofType(Message.Type.chat).setBody("will bounce later").build();
        stage.alice.sendStanza(sent);
        // Postfix takes it (250), then bounces it to alice*localhost@mail.localhost, i.e. back to Ferry.
        Message error = MailStage.next(stage.toAlice);
        assertThat(error.getType()).isEqualTo(Message.Type.error);
        assertThat(error.getStanzaId()).isEqualTo("msg-to-dave");
        assertThat(error.getFrom().toString()).isEqualTo("dave%bounced.example@mail.localhost");
        assertThat(error.getError().getDescriptiveText()).contains("bounced: 5.1.1 mailbox unavailable");
        assertThat(stage.toAlice.poll(2, java.util.concurrent.TimeUnit.SECONDS)).isNull();
    }

    @Test
    void anUnknownRecipientBehindPostfixBouncesAndTheBounceIsNotAnswered() throws Exception {
        String mail = "From: alice*localhost@mail.localhost\r\nTo: nobody@mail.localhost\r\nSubject: hello?\r\n"
                + "Message-ID: <pf-unknown@mail.example>\r\n\r\nhi\r\n";
        try (MailSmtpClient smtp = new MailSmtpClient(POSTFIX_PORT)) {
            // Postfix takes it for the relay domain and passes it to Ferry, which refuses the recipient (550):
            // Postfix bounces, with the null sender, to the sender, a bridge user.
            assertThat(smtp.send("alice*localhost@mail.localhost", "nobody@mail.localhost", mail.getBytes(StandardCharsets.UTF_8)))
                    .startsWith("250");
        }
        Message bounce = MailStage.next(stage.toAlice);
        assertThat(bounce.getFrom().toString()).startsWith("mailer-daemon%postfix-mail.localhost@");
        assertThat(bounce.getBody()).contains("550 5.1.1").contains("no such user here").contains("[automatic mail: Auto-Submitted: auto-replied]"); // Postfix marks its bounces so
        // Nothing answers a bounce: no mail leaves, nothing more reaches alice.
        assertThat(stage.toAlice.poll(3, java.util.concurrent.TimeUnit.SECONDS)).isNull();
        assertThat(stage.greenMail.getReceivedMessages()).isEmpty();
    }
}
