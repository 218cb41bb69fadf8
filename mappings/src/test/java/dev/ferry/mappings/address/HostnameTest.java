package dev.ferry.mappings.address;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostnameTest {

    /** The label rule as a regex, as Hostname had it before it checked labels by hand: the reference. */
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NONE", textBlock = """
            irc.libera.chat                     | NONE
            localhost                           | NONE
            127.0.0.1                           | NONE
            xn--bcher-kva.example               | NONE
            a-b.c-d.e                           | NONE
            A1.B2                               | NONE
            -bad.example                        | is not letters, digits and inner hyphens
            bad-.example                        | is not letters, digits and inner hyphens
            exa_mple.org                        | is not letters, digits and inner hyphens
            bücher.example                      | is not letters, digits and inner hyphens
            bad..example                        | empty label
            .example                            | empty label
            example.                            | must not end with a dot
            example.org:6697                    | must not carry a port
            [::1]                               | must not carry a port
            'exa mple.org'                      | whitespace or control
            """)
    void aHostNameIsLettersDigitsAndInnerHyphensPerLabel(String host, String problem) {
        if (problem == null) {
            assertThat(Hostname.problem(host)).isNull();
        } else {
            assertThat(Hostname.problem(host)).contains(problem);
        }
        agreesWithTheRegex(host);
    }

    @ParameterizedTest
    @CsvSource({"62", "63", "64"})
    void aLabelIsAtMost63Characters(int length) {
        String host = "a".repeat(length) + ".example";
        assertThat(Hostname.problem(host) == null).isEqualTo(length <= 63);
        agreesWithTheRegex(host);
        agreesWithTheRegex("a" + "-".repeat(length - 2) + "b");
    }

    private static void agreesWithTheRegex(String host) {
        if (host.chars().noneMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c)) && host.indexOf(':') < 0
                && !host.endsWith(".")) {
            boolean regex = true;
            for (String label : host.split("\\.", -1)) {
                regex &= !label.isEmpty() && LABEL.matcher(label).matches();
            }
            assertThat(Hostname.problem(host) == null).as(host).isEqualTo(regex);
        }
    }
}
