package dev.ferry.mail.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Real-shaped sample mails (src/test/resources/captures/mail) and what the XMPP user reads of them. */
class MailParserTest {

    static byte[] sample(String name) throws IOException {
        try (InputStream in = MailParserTest.class.getResourceAsStream("/captures/mail/" + name)) {
            return in.readAllBytes();
        }
    }

    static Stream<Arguments> samples() {
        return Stream.of(
                // file, from, subject, text (quotes stripped), automatic?, attachments, notes
                Arguments.of("thunderbird-alternative.eml", "carol@mail.example", "Re: Lunch on Friday?",
                        "Friday works – see you at noon at the café.", false, 0, 0),
                Arguments.of("outlook-windows-1252-qp.eml", "rene@firma.example", "Bericht für März",
                        "Hallo Alice,\n\nder Bericht für März ist fertig – Grüße, René", false, 0, 0),
                Arguments.of("gmail-base64-attachment.eml", "dana@gmail.example", "Foto vom Ausflug 📷",
                        "Hier ist das Foto 📷 vom Ausflug.\n\nViele Grüße\nDana", false, 1, 0),
                Arguments.of("html-only-iso-8859-1.eml", "desk@news.example", "Tagesnotiz",
                        "Notiz\n\nSchöne Grüße aus Köln.\n\n- eins\n- zwei\nMehr: hier <https://news.example/a>", false, 0, 0),
                Arguments.of("iso-2022-jp.eml", "yamada@example.jp", "会議の件", "よろしくお願いします。", false, 0, 0),
                Arguments.of("koi8-r-8bit.eml", "ivan@example.ru", "Привет", "Привет, Алиса!", false, 0, 0),
                Arguments.of("mailing-list.eml", "bob@lists.example", "[ferry-users] release notes",
                        "The release notes are out.", true, 0, 0),
                Arguments.of("vacation-auto-reply.eml", "erin@mail.example", "Out of office: Lunch on Friday?",
                        "I am away until Monday.", true, 0, 0),
                Arguments.of("unknown-charset.eml", "old@legacy.example", "legacy", "café", false, 0, 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void readsRealMails(String file, String from, String subject, String text, boolean automatic, int attachments, int notes)
            throws IOException {
        ParsedMail mail = MailParser.parse(sample(file), "sender@example", true);
        assertThat(mail.from()).contains(from);
        assertThat(mail.subject()).isEqualTo(subject);
        assertThat(mail.text()).isEqualTo(text);
        assertThat(mail.automatic().isPresent()).as("automatic: %s", mail.automatic()).isEqualTo(automatic);
        assertThat(mail.attachments()).hasSize(attachments);
        assertThat(mail.notes()).hasSize(notes);
        assertThat(mail.messageId()).isPresent();
    }

    @Test
    void aReplyNamesWhatItAnswers() throws IOException {
        ParsedMail mail = MailParser.parse(sample("thunderbird-alternative.eml"), "carol@mail.example", true);
        assertThat(mail.parentIds()).containsExactly("<ferry.0b9c8d7e-aaaa-4bbb-8ccc-111122223333@mail.localhost>");
        assertThat(mail.fromName()).isEqualTo("Carol Example");
    }

    @Test
    void quotesStayWhenStrippingIsOff() throws IOException {
        ParsedMail mail = MailParser.parse(sample("thunderbird-alternative.eml"), "carol@mail.example", false);
        assertThat(mail.text()).contains("wrote:").contains("> Lunch on Friday?");
    }

    @Test
    void theAttachmentIsDecoded() throws IOException {
        ParsedMail.MailAttachment a = MailParser.parse(sample("gmail-base64-attachment.eml"), "x@y", true).attachments().get(0);
        assertThat(a.name()).isEqualTo("ausflug.png");
        assertThat(a.mediaType()).isEqualTo("image/png");
        assertThat(a.content()).startsWith(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    }

    @Test
    void aBounceIsAutomatic() throws IOException {
        assertThat(MailParser.parse(sample("outlook-windows-1252-qp.eml"), "", true).automatic()).contains("null sender (a bounce)");
    }

    @Test
    void attachmentNamesCannotCarryPaths() {
        String raw = "From: a@b.example\r\nTo: c@d.example\r\nSubject: x\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=XX\r\n\r\n--XX\r\nContent-Type: text/plain\r\n\r\nhi\r\n"
                + "--XX\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"../../etc/passwd\"\r\n\r\nroot\r\n--XX--\r\n";
        assertThat(MailParser.parse(raw.getBytes(), "a@b.example", true).attachments().get(0).name()).isEqualTo("passwd");
    }

    @Test
    void garbageIsReadAsTextNotLost() {
        ParsedMail mail = MailParser.parse("just some words\r\n".getBytes(), "a@b.example", true);
        assertThat(mail.from()).isEmpty();
        assertThat(mail.subject()).isEmpty();
        assertThat(mail.text()).isEmpty();
        assertThat(mail.messageId()).isEqualTo(Optional.empty());
        assertThat(mail.attachments()).isEqualTo(List.of());
    }

    @Test
    void aRealPostfixBounceIsADeliveryReport() throws IOException {
        ParsedMail mail = MailParser.parse(sample("postfix-dsn.eml"), "", true);
        assertThat(mail.automatic()).contains("Auto-Submitted: auto-replied");
        DeliveryReport r = mail.report().orElseThrow();
        assertThat(r.failed()).isTrue();
        assertThat(r.finalRecipient()).isEqualTo("dave@bounced.example");
        assertThat(r.status()).isEqualTo("5.1.1");
        assertThat(r.diagnostic()).isEqualTo("mailbox unavailable");
        assertThat(r.originalMessageId()).contains("<ferry.5f1c2a9e-7d3b-4c1a-9e2f-0a1b2c3d4e5f@mail.localhost>");
        assertThat(MailParser.parse(sample("thunderbird-alternative.eml"), "x@y", true).report()).isEmpty();
    }

    @Test
    void nullInputIsRefused() {
        assertThatThrownBy(() -> MailParser.parse(null, "", true)).isInstanceOf(RuntimeException.class);
    }
}
