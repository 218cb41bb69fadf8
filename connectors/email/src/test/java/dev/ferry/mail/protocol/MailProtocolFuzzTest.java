package dev.ferry.mail.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzes mail parsing with mutations of the real mails in {@code src/test/resources/captures/mail}
 * (Gmail, Outlook, Thunderbird, Postfix DSNs, ...): {@link MailParser} refuses only with
 * {@link IllegalArgumentException} (the SMTP listener answers 554 for it), and the text helpers never
 * throw. Seeds are fixed so CI runs the same inputs every time.
 */
class MailProtocolFuzzTest {

    private static final String SEED = "7104";
    private static final List<byte[]> CORPUS = corpus();

    static List<byte[]> corpus() {
        List<byte[]> mails = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/test/resources/captures/mail"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".eml")).sorted().toList()) {
                mails.add(Files.readAllBytes(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(mails).as("mail capture corpus").hasSizeGreaterThanOrEqualTo(10);
        return List.copyOf(mails);
    }

    @Provide
    Arbitrary<byte[]> mutatedMails() {
        Arbitrary<byte[]> noise = Arbitraries.oneOf(
                Arbitraries.of("\r\n", "\r\n\r\n", "\n", ":", ";", "=", "=?", "?=", "=?utf-8?B?", "=?x-unknown?Q?a?=", "=C3",
                        "\"", "<", ">", "@", "--", "boundary=\"\"", "\r\nContent-Type: multipart/mixed; boundary=x\r\n",
                        "\r\nContent-Type: text/plain; charset=\"\"\r\n", "\r\nContent-Transfer-Encoding: base64\r\n",
                        "\r\nContent-Transfer-Encoding: quoted-printable\r\n", "\r\nContent-Transfer-Encoding: x-uue\r\n",
                        "\r\nContent-Disposition: attachment; filename*=utf-8''..%2F..%2Fetc\r\n", "\r\nFrom: \r\n",
                        "\r\nContent-Type: message/delivery-status\r\n", "\u0000", "\u00ff", "<html><a href=x>", "> quoted\r\n")
                        .map(s -> s.getBytes(StandardCharsets.ISO_8859_1)),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(6));
        return Arbitraries.of(CORPUS).flatMap(real -> Arbitraries.oneOf(
                Arbitraries.just(real),
                Arbitraries.integers().between(0, real.length).flatMap(cut -> noise.map(n -> splice(real, cut, 0, n))),
                Arbitraries.integers().between(0, real.length - 1)
                        .flatMap(cut -> Arbitraries.integers().between(1, 40).map(drop -> splice(real, cut, drop, new byte[0]))),
                Arbitraries.integers().between(0, real.length - 1).map(cut -> splice(real, cut, real.length, new byte[0]))));
    }

    static byte[] splice(byte[] real, int at, int drop, byte[] insert) {
        int dropped = Math.min(drop, real.length - at);
        byte[] out = new byte[real.length - dropped + insert.length];
        System.arraycopy(real, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(real, at + dropped, out, at + insert.length, real.length - at - dropped);
        return out;
    }

    @Property(tries = 1500, seed = SEED)
    void mailsParseOrAreRefusedWithIllegalArgument(@ForAll("mutatedMails") byte[] raw) {
        ParsedMail mail;
        try {
            mail = MailParser.parse(raw, "", true);
        } catch (IllegalArgumentException unreadable) {
            return;
        }
        assertThat(mail.subject()).doesNotContain("\r", "\n", "\0");
        assertThat(mail.fromName()).doesNotContain("\r", "\n", "\0");
        for (ParsedMail.MailAttachment a : mail.attachments()) {
            assertThat(a.name()).doesNotContain("/", "\\", "\r", "\n").isNotBlank();
        }
        assertThat(AuthenticationResults.verified(mail.authenticationResults(), "mx.example.org",
                mail.from().orElse("nobody@example.org"))).isIn(true, false);
    }

    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> pieces = Arbitraries.oneOf(
                Arbitraries.of("<p>", "</p>", "<br>", "<li>", "<a href=\"http://x\">", "</a>", "<script>", "<style>", "&amp;",
                        "&#0;", "> ", ">", "\n", "\r\n", "\r", "\u2028", "\u0000", " ", "On Mon, Bob wrote:", "-----Original Message-----",
                        "Am 1. Mai schrieb Eve:", "Final-Recipient: rfc822; a@b", "Action: failed", "Status: 5.1.1",
                        "Diagnostic-Code: smtp; 550", ":", ";", "\t", "dkim=pass header.d=example.org", "dmarc=pass", "mx.example.org;"),
                Arbitraries.strings().all().ofMaxLength(5));
        return pieces.list().ofMaxSize(30).map(p -> String.join("", p));
    }

    @Property(tries = 2000, seed = SEED)
    void textHelpersNeverThrow(@ForAll("texts") String text) {
        assertThat(HtmlText.toText(text)).isNotNull();
        assertThat(QuoteStripper.strip(text)).isNotNull();
        String line = HeaderText.singleLine(text);
        assertThat(line).doesNotContain("\r", "\n", "\0", "\u2028");
        assertThat(HeaderText.firstLine(text, 78).length()).isLessThanOrEqualTo(78);
        DeliveryReport.parse(text, Optional.empty()).ifPresent(r ->
                assertThat(r.finalRecipient() + r.action() + r.status() + r.diagnostic()).doesNotContain("\r", "\n"));
        assertThat(AuthenticationResults.verified(List.of(text), "mx.example.org", "bob@example.org")).isIn(true, false);
    }
}
