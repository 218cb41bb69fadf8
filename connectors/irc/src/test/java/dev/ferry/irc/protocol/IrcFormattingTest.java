package dev.ferry.irc.protocol;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class IrcFormattingTest {

    /** mIRC (with {B}=bold, {I}=italic, {S}=strike, {M}=mono, {U}=underline, {R}=reverse, {O}=reset, {C}=colour) → XEP-0393. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "{B}bold{B}|*bold*",
        "{I}it{I} and {S}gone{S}|_it_ and ~gone~",
        "{M}code{M}|`code`",
        "{C}04red{C} {C}4,12both{C} {C}plain|red both plain",
        "{C}04,01,x|,x",
        "{U}under{U} {R}rev{R}|under rev",
        "{B}open to the end|*open to the end*",
        "{B}{I}both{O} after|*_both_* after",
        "{B} spaced {B}|' *spaced* '",
        "{B}{B}empty|empty",
        "{B}a{I}b{B}c{I}|*a_b_*_c_",
        "plain text|plain text",
        "'{C}1,2'|''",
    })
    void ircToStyling(String irc, String styled) {
        assertThat(IrcFormatting.toStyling(codes(irc))).isEqualTo(styled);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "*bold*|{B}bold{B}",
        "_it_ and ~gone~|{I}it{I} and {S}gone{S}",
        "`*not bold*`|{M}*not bold*{M}",
        "*_both_*|{B}{I}both{I}{B}",
        "a * b * c|a * b * c",
        "2*3*4|2*3*4",
        "* x*|* x*",
        "*x *|*x *",
        "**|**",
        "line *one*\\nline _two_|line {B}one{B}\\nline {I}two{I}",
        "*across\\nlines*|*across\\nlines*",
        "snake_case_name|snake_case_name",
    })
    void stylingToIrc(String styled, String irc) {
        assertThat(IrcFormatting.fromStyling(styled.replace("\\n", "\n"))).isEqualTo(codes(irc));
    }

    static String codes(String s) {
        return s.replace("{B}", "\u0002").replace("{I}", "\u001d").replace("{S}", "\u001e").replace("{M}", "\u0011")
                .replace("{U}", "\u001f").replace("{R}", "\u0016").replace("{O}", "\u000f").replace("{C}", "\u0003")
                .replace("\\n", "\n");
    }
}
