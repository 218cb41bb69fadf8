package dev.ferry.mappings.address;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Xep0106Test {

    /** Examples from XEP-0106 section 5.1 and the forms of the addressing contract. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            space cadet                 | space\\20cadet
            call me "ishmael"           | call\\20me\\20\\22ishmael\\22
            at&t guy                    | at\\26t\\20guy
            d'artagnan                  | d\\27artagnan
            /.fanboy                    | \\2f.fanboy
            ::foo::                     | \\3a\\3afoo\\3a\\3a
            <foo>                       | \\3cfoo\\3e
            user@host                   | user\\40host
            c:\\net                     | c\\3a\\5cnet
            bob@sip.example.com         | bob\\40sip.example.com
            '#chan%irc.example.org'       | #chan%irc.example.org
            """)
    void escapesAndUnescapes(String unescaped, String escaped) {
        assertThat(Xep0106.escape(unescaped)).isEqualTo(escaped);
        assertThat(Xep0106.unescape(escaped)).isEqualTo(unescaped);
    }
}
