package dev.ferry.mail.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SmallTranslatorsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "auto-replied|null|null|a@b|Auto-Submitted: auto-replied",
            "auto-generated|null|null|a@b|Auto-Submitted: auto-generated",
            "no|null|null|a@b|",
            "null|bulk|null|a@b|Precedence: bulk",
            "null|list|null|a@b|Precedence: list",
            "null|junk|null|a@b|Precedence: junk",
            "null|first-class|null|a@b|",
            "null|null|<x.lists.example>|a@b|List-Id: <x.lists.example>",
            "null|null|null|''|null sender (a bounce)",
            "null|null|null|<>|null sender (a bounce)",
            "null|null|null|a@b|",
    })
    void automaticMail(String autoSubmitted, String precedence, String listId, String sender, String reason) {
        assertThat(AutomaticMail.reason(autoSubmitted, precedence, listId, sender.equals("''") ? "" : sender).orElse(null))
                .isEqualTo(reason);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "mx.local; dmarc=pass header.from=mail.example|mx.local|carol@mail.example|true",
            "mx.local; dkim=pass header.d=mail.example; spf=fail|mx.local|carol@mail.example|true",
            "mx.local; spf=pass smtp.mailfrom=carol@mail.example|mx.local|carol@mail.example|true",
            "mx.local; dkim=pass header.d=other.example|mx.local|carol@mail.example|false",
            "mx.local; dmarc=fail|mx.local|carol@mail.example|false",
            "evil.example; dmarc=pass|mx.local|carol@mail.example|false",
            "mx.local; dmarc=pass|''|carol@mail.example|false",
    })
    void authenticationResults(String header, String trusted, String author, boolean verified) {
        assertThat(AuthenticationResults.verified(List.of(header), trusted.equals("''") ? "" : trusted, author)).isEqualTo(verified);
    }

    @Test
    void quoteStripping() {
        assertThat(QuoteStripper.strip("yes\n\nOn Mon, 1 Jan 2026, Bob wrote:\n> question\n>\n")).isEqualTo("yes");
        assertThat(QuoteStripper.strip("yes\n\nOn Mon, 1 Jan 2026 at 10:00, Bob <bob@x.example>\nwrote:\n> q\n")).isEqualTo("yes");
        assertThat(QuoteStripper.strip("Am 01.01.26 um 10:00 schrieb Bob:\n> q\n")).isEmpty();
        assertThat(QuoteStripper.strip("> you said\nI agree\n> and this\nyes")).isEqualTo("> you said\nI agree\n> and this\nyes");
        assertThat(QuoteStripper.strip("top\n-----Original Message-----\nFrom: x")).isEqualTo("top");
        assertThat(QuoteStripper.strip("no quotes at all\n")).isEqualTo("no quotes at all");
    }

    @Test
    void htmlBecomesReadable() {
        assertThat(HtmlText.toText("<p>a<br>b</p><p>c</p><script>x()</script>")).isEqualTo("a\nb\n\nc");
        assertThat(HtmlText.toText("<a href='https://x.example'>link</a>")).isEqualTo("link <https://x.example>");
    }

    // found reviewing QuoteStripper for the fuzz suite (a property sees exceptions, not time): ATTRIBUTION's "am\s.+\sschrieb.*:" backtracked quadratically, a 512 KB
    // line cost 49 s of a listener thread. The bound is a hang guard (the fixed code takes milliseconds), not a speed test.
    @Test
    void aHugeLineBeforeAQuoteIsNoAttributionAndCannotStallTheParser() {
        String hostile = "am " + " schrieb".repeat(64_000);
        String text = "hi\n" + hostile + "\n> quoted";
        String stripped = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10),
                () -> QuoteStripper.strip(text));
        assertThat(stripped).isEqualTo("hi\n" + hostile);
        String longButReal = "Am 01.01.26 um 10:00 schrieb " + "B".repeat(QuoteStripper.MAX_ATTRIBUTION_CHARS) + ":";
        assertThat(QuoteStripper.strip("yes\n" + longButReal + "\n> q")).isEqualTo("yes\n" + longButReal);
    }
}
