package dev.ferry.mail.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MailComposerTest {

    static OutgoingMail mail(String subject, String body) {
        return new OutgoingMail("alice*localhost@mail.localhost", "alice@localhost", "carol@mail.example", subject, body,
                "<ferry.1@mail.localhost>", Optional.of("<parent@mail.example>"), List.of("<root@mail.example>", "<parent@mail.example>"),
                Instant.parse("2026-11-24T10:00:00Z"), Optional.empty(), Optional.empty());
    }

    static String headers(String text) {
        return text.substring(0, text.indexOf("\r\n\r\n") + 2);
    }

    @Test
    void writesTheHeadersAMailNeeds() {
        String text = MailComposer.composeText(mail("Lunch", "Friday?"));
        String h = headers(text);
        assertThat(h).contains("From: alice@localhost <alice*localhost@mail.localhost>\r\n".replace("alice@localhost <", "\"alice@localhost\" <"))
                .contains("To: carol@mail.example\r\n")
                .contains("Subject: Lunch\r\n")
                .contains("Message-ID: <ferry.1@mail.localhost>\r\n")
                .contains("In-Reply-To: <parent@mail.example>\r\n")
                .contains("References: <root@mail.example> <parent@mail.example>\r\n")
                .contains("MIME-Version: 1.0\r\n")
                .contains("Date: Tue, 24 Nov 2026")
                .contains("Content-Type: text/plain; charset=UTF-8\r\n")
                .contains("Content-Transfer-Encoding: quoted-printable\r\n")
                .doesNotContain("Auto-Submitted");
    }

    @Test
    void utf8IsQuotedPrintableAndTheSubjectEncoded() {
        String text = MailComposer.composeText(mail("Grüße ☕", "Grüße ☕\nzweite Zeile"));
        assertThat(headers(text)).contains("Subject: =?UTF-8?");
        assertThat(text.substring(text.indexOf("\r\n\r\n"))).contains("Gr=C3=BC=C3=9Fe =E2=98=95\r\nzweite Zeile");
        assertThat(text.chars().allMatch(c -> c < 128)).isTrue();
        ParsedMail back = MailParser.parse(MailComposer.compose(mail("Grüße ☕", "Grüße ☕\nzweite Zeile")), "x@y", false);
        assertThat(back.subject()).isEqualTo("Grüße ☕");
        assertThat(back.text()).isEqualTo("Grüße ☕\nzweite Zeile");
    }

    @Test
    void headerInjectionFromSubjectAndBodyIsImpossible() {
        String text = MailComposer.composeText(mail("hi\r\nBcc: victim@evil.example", "hello\r\nBcc: victim2@evil.example\r\n\r\n.\r\nRCPT TO:<x@evil>"));
        String h = headers(text);
        assertThat(h).doesNotContain("\r\nBcc:").contains("Subject: hi Bcc: victim@evil.example\r\n");
        // In the body it is text, after the blank line that ends the headers.
        assertThat(h).doesNotContain("victim2");
        ParsedMail back = MailParser.parse(MailComposer.compose(mail("x", "hello\r\nBcc: victim2@evil.example")), "x@y", false);
        assertThat(back.text()).isEqualTo("hello\nBcc: victim2@evil.example");
    }

    @Test
    void aDisplayNameCannotInjectEither() {
        OutgoingMail m = new OutgoingMail("a@mail.localhost", "Eve\r\nBcc: x@evil.example", "c@mail.example", "s", "b",
                "<ferry.2@mail.localhost>\r\nBcc: y@evil.example", Optional.empty(), List.of(), Instant.now(),
                Optional.of("auto-generated"), Optional.of("verify-1@mail.localhost"));
        String h = headers(MailComposer.composeText(m));
        assertThat(h).doesNotContain("\r\nBcc:").contains("Auto-Submitted: auto-generated\r\n").contains("Reply-To: verify-1@mail.localhost\r\n");
    }

    @Test
    void firstLineMakesASubject() {
        assertThat(HeaderText.firstLine("\n\n  Hello there \nmore", 78)).isEqualTo("Hello there");
        assertThat(HeaderText.firstLine("x".repeat(100), 10)).hasSize(10).endsWith("…");
    }
}
