package dev.ferry.bridge.s2s;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DialbackKeysTest {

    /** The worked example of XEP-0185 §3 (secret, receiving, originating, stream id → key). */
    @Test
    void matchesTheXep0185Example() {
        DialbackKeys keys = new DialbackKeys("s3cr3tf0rd14lb4ck");
        assertThat(keys.key("xmpp.example.com", "example.org", "D60000229F"))
                .isEqualTo("37c69b1cf07a3f67c04a5ef5902fa5114f2c76fe4a2686482ba5b89323075643");
    }

    @Test
    void aKeyVerifiesOnlyForItsOwnStreamAndDomains() {
        DialbackKeys keys = new DialbackKeys("a-secret-of-some-length");
        String key = keys.key("xmpp.example", "irc.example", "stream1");
        assertThat(keys.matches(key, "xmpp.example", "irc.example", "stream1")).isTrue();
        assertThat(keys.matches(key, "xmpp.example", "irc.example", "stream2")).isFalse();
        assertThat(keys.matches(key, "evil.example", "irc.example", "stream1")).isFalse();
        assertThat(keys.matches(key, "irc.example", "xmpp.example", "stream1")).isFalse();
        assertThat(new DialbackKeys("another-secret-entirely").matches(key, "xmpp.example", "irc.example", "stream1")).isFalse();
        assertThat(keys.matches("", "xmpp.example", "irc.example", "stream1")).isFalse();
    }
}
