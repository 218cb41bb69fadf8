package dev.ferry.sip.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HeaderTextTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "plain subject|plain subject",
            "'  padded  '|padded",
            "tab\there|tab here",
            "a\u0000b|a b",
            "next\u0085line|next line",
            "sep\u2028line|sep line",
            "☎ call me|☎ call me"})
    void controlsBecomeSpaces(String in, String out) {
        assertThat(HeaderText.clean(in)).isEqualTo(out);
    }

    @Test
    void lineBreaksNeverSurvive() {
        assertThat(HeaderText.clean("one\r\nVia: SIP/2.0/UDP evil\r\n\r\nbody")).isEqualTo("one Via: SIP/2.0/UDP evil body");
        assertThat(HeaderText.clean("\r\n")).isEmpty();
        assertThat(HeaderText.clean(null)).isEmpty();
    }

    @Test
    void longValuesAreCut() {
        assertThat(HeaderText.clean("x".repeat(1000))).hasSize(HeaderText.MAX_LENGTH);
    }

    // found by SipProtocolFuzzTest: the code point that overran the 256-char limit left a trailing space
    // or half a surrogate pair (not encodable as UTF-8) at the cut
    @Test
    void theCutNeverEndsOnASpaceOrHalfASurrogatePair() {
        assertThat(HeaderText.clean("a".repeat(255) + " b")).isEqualTo("a".repeat(255));
        assertThat(HeaderText.clean("a".repeat(255) + "\uD83D\uDE00")).isEqualTo("a".repeat(255));
        assertThat(HeaderText.clean("a".repeat(254) + "\uD83D\uDE00")).isEqualTo("a".repeat(254) + "\uD83D\uDE00");
    }
}
