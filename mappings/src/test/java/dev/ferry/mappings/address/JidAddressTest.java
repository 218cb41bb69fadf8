package dev.ferry.mappings.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JidAddressTest {

    @ParameterizedTest
    @CsvSource({"alice@example.org,alice,example.org", "a.b-c_d*e@localhost,a.b-c_d*e,localhost",
            "\u00e9l\u00e8ve@example.org,\u00e9l\u00e8ve,example.org"})
    void parsesBareJids(String jid, String local, String domain) {
        JidAddress parsed = JidAddress.parse(jid);
        assertThat(parsed).isEqualTo(new JidAddress(local, domain));
        assertThat(parsed.format()).isEqualTo(jid);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            alice                     | missing '@'
            alice@example.org/phone   | without resource
            @example.org              | missing local part
            alice@                    | missing host name
            a"b@example.org           | may not contain '"'
            a<b@example.org           | may not contain '<'
            a:b@example.org           | may not contain ':'
            a b@example.org           | whitespace or control
            a@b@example.org           | may not contain '@'
            alice@exa_mple.org        | inner hyphens
            """)
    void refusesInvalidJids(String jid, String reason) {
        assertThatThrownBy(() -> JidAddress.parse(jid)).isInstanceOf(AddressException.class).hasMessageContaining(reason);
    }
}
