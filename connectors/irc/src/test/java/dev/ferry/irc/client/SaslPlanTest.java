package dev.ferry.irc.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which SASL mechanisms a connection tries, from the server's {@code sasl} capability and what the user set. */
class SaslPlanTest {

    @ParameterizedTest(name = "sasl={0} cert={1} plain={2} -> {3}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            // InspIRCd 3 + Atheme (captures/inspircd/sasl-external.txt) offers both
            "PLAIN,EXTERNAL | true  | true  | EXTERNAL PLAIN",
            "PLAIN,EXTERNAL | true  | false | EXTERNAL",
            "PLAIN,EXTERNAL | false | true  | PLAIN",
            "PLAIN,EXTERNAL | false | false | ''",
            // a server whose services take passwords only
            "PLAIN          | true  | false | ''",
            "PLAIN          | true  | true  | PLAIN",
            // certificates only
            "EXTERNAL       | true  | true  | EXTERNAL",
            "EXTERNAL       | false | true  | ''",
            // CAP 301: sasl without a list, so anything may work
            "''             | true  | true  | EXTERNAL PLAIN",
            "''             | false | true  | PLAIN",
            // no sasl capability at all (InspIRCd without services linked, ngIRCd)
            "null           | true  | true  | ''",
            "null           | true  | false | ''",
    })
    void mechanismsInOrder(String offered, boolean certificate, boolean plain, String expected) {
        List<String> want = expected.isEmpty() ? List.of() : Arrays.asList(expected.split(" "));
        assertThat(SaslPlan.mechanisms(offered, certificate, plain)).containsExactlyElementsOf(want);
    }
}
