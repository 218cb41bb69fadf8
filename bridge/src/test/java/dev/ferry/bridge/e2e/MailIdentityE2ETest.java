package dev.ferry.bridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ferry.mappings.store.LinkedAccount;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jivesoftware.smackx.iqregister.packet.Registration;
import org.jivesoftware.smackx.xdata.packet.DataForm;
import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * alice links her own mail address with XEP-0077 on the mail gateway: the link is active only
 * after she answers the verification mail from that address; then she may write from it. An
 * alias on the mail domain reaches her too.
 */
@Tag("e2e")
class MailIdentityE2ETest {

    static MailStage stage;
    @TempDir
    static Path data;

    @BeforeAll
    static void start() throws Exception {
        stage = MailStage.start("mail-identity", 28400, data, Map.of(), true);
    }

    @AfterAll
    static void stop() {
        if (stage != null) {
            stage.close();
        }
    }

    static LinkedAccount link() {
        return stage.ferry.store().identities().forJid("alice@localhost").stream().filter(l -> l.network().equals("mail"))
                .findFirst().orElseThrow();
    }

    static String mail(String from, String to, String subject) {
        return "From: " + from + "\r\nTo: " + to + "\r\nSubject: " + subject + "\r\nMessage-ID: <" + System.nanoTime()
                + "@real.example>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nyes, it is me\r\n";
    }

    @Test
    void verificationFlowThenWritingFromTheLinkedAddress() throws Exception {
        Registration get = new Registration();
        get.setType(IQ.Type.get);
        get.setTo(JidCreate.from("mail.localhost"));
        DataForm form = DataForm.from(stage.alice.sendIqRequestAndWaitForResponse(get));
        assertThat(form.getFields()).extracting(f -> f.getFieldName()).contains("email", "token", "use-as-from", "alias");

        stage.alice.sendIqRequestAndWaitForResponse(IrcGatewayE2ETest.submit(JidCreate.from("mail.localhost"),
                Map.of("email", "alice@real.example")));
        await().atMost(Duration.ofSeconds(15)).until(() -> stage.greenMail.getReceivedMessages().length == 1);
        MimeMessage verification = stage.greenMail.getReceivedMessages()[0];
        assertThat(verification.getAllRecipients()[0].toString()).isEqualTo("alice@real.example");
        assertThat(verification.getHeader("Auto-Submitted")[0]).isEqualTo("auto-generated");
        String replyTo = verification.getReplyTo()[0].toString();
        Matcher token = Pattern.compile("verify-([0-9a-f]{24})@mail.localhost").matcher(replyTo);
        assertThat(token.matches()).as(replyTo).isTrue();
        assertThat(link().verified()).isFalse();

        try (MailSmtpClient smtp = stage.smtp()) {
            // Someone else answering, a bounce, or a guessed token does not verify.
            MailSmtpClient.expect(smtp.command("MAIL FROM:<mallory@evil.example>"), 250);
            MailSmtpClient.expect(smtp.command("RCPT TO:<" + replyTo + ">"), 250);
            assertThat(smtp.data(mail("mallory@evil.example", replyTo, "Re: confirm").getBytes(StandardCharsets.UTF_8)))
                    .startsWith("550 5.7.1");
            MailSmtpClient.expect(smtp.command("RSET"), 250);
            MailSmtpClient.expect(smtp.command("MAIL FROM:<>"), 250);
            MailSmtpClient.expect(smtp.command("RCPT TO:<" + replyTo + ">"), 250);
            assertThat(smtp.data(mail("alice@real.example", replyTo, "Delivery failure").getBytes(StandardCharsets.UTF_8)))
                    .startsWith("550 5.7.1");
            MailSmtpClient.expect(smtp.command("RSET"), 250);
            MailSmtpClient.expect(smtp.command("MAIL FROM:<alice@real.example>"), 250);
            assertThat(smtp.command("RCPT TO:<verify-000000000000000000000000@mail.localhost>")).startsWith("550 5.1.1");
        }
        assertThat(link().verified()).isFalse();

        try (MailSmtpClient smtp = stage.smtp()) {
            assertThat(smtp.send("alice@real.example", replyTo, mail("Alice <alice@real.example>", replyTo, "Re: confirm")
                    .getBytes(StandardCharsets.UTF_8))).startsWith("250");
        }
        Message told = MailStage.next(stage.toAlice);
        assertThat(told.getBody()).contains("alice@real.example is now linked");
        assertThat(link().verified()).isTrue();
        try (MailSmtpClient smtp = stage.smtp()) {
            MailSmtpClient.expect(smtp.command("MAIL FROM:<alice@real.example>"), 250);
            assertThat(smtp.command("RCPT TO:<" + replyTo + ">")).startsWith("550"); // used once
        }

        stage.alice.sendIqRequestAndWaitForResponse(IrcGatewayE2ETest.submit(JidCreate.from("mail.localhost"),
                Map.of("email", "alice@real.example", "use-as-from", "true")));
        stage.greenMail.purgeEmailFromAllMailboxes();
        stage.alice.sendStanza(StanzaBuilder.buildMessage().to(JidCreate.from("carol%mail.example@mail.localhost"))
                .ofType(Message.Type.chat).setBody("from my own address").build());
        await().atMost(Duration.ofSeconds(15)).until(() -> stage.greenMail.getReceivedMessagesForDomain("mail.example").length == 1);
        assertThat(stage.greenMail.getReceivedMessagesForDomain("mail.example")[0].getFrom()[0].toString()).contains("alice@real.example");
    }

    @Test
    void aWrongTokenIsRefusedWithAReason() {
        assertThatThrownBy(() -> stage.bob.sendIqRequestAndWaitForResponse(IrcGatewayE2ETest.submit(JidCreate.from("mail.localhost"),
                Map.of("token", "nope")))).isInstanceOf(XMPPErrorException.class).hasMessageContaining("not the code");
    }

    @Test
    void anAliasReachesItsOwner() throws Exception {
        stage.bob.sendIqRequestAndWaitForResponse(IrcGatewayE2ETest.submit(JidCreate.from("mail.localhost"), Map.of("alias", "robert")));
        try (MailSmtpClient smtp = stage.smtp()) {
            assertThat(smtp.send("carol@mail.example", "Robert@mail.localhost",
                    mail("carol@mail.example", "robert@mail.localhost", "hi robert").getBytes(StandardCharsets.UTF_8))).startsWith("250");
        }
        Message in = MailStage.next(stage.toBob);
        assertThat(in.getBody()).startsWith("yes, it is me");
        // Taken by bob: alice cannot have it.
        assertThatThrownBy(() -> stage.alice.sendIqRequestAndWaitForResponse(IrcGatewayE2ETest.submit(JidCreate.from("mail.localhost"),
                Map.of("alias", "robert")))).isInstanceOf(XMPPErrorException.class).hasMessageContaining("taken");
    }
}
