package dev.ferry.bridge.stream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ComponentHandshakeTest {

    @Test
    void digestIsLowerCaseHexSha1OfIdThenSecret() {
        // Vector computed independently: printf '3BF96D32sntnt' | sha1sum
        assertThat(ComponentHandshake.digest("3BF96D32", "sntnt")).isEqualTo("3cd7b5f0a5c7d242605bbc0b4a32a484640f53d5");
        assertThat(ComponentHandshake.digest("abc", "secret")).isEqualTo("de0a408ef519cd62e7379039634152874895c50c");
    }

    @Test
    void elementWrapsTheDigest() {
        assertThat(ComponentHandshake.element("3BF96D32", "sntnt"))
                .isEqualTo("<handshake>3cd7b5f0a5c7d242605bbc0b4a32a484640f53d5</handshake>");
    }

    @Test
    void usesUtf8ForNonAsciiSecrets() {
        assertThat(ComponentHandshake.digest("id", "sécret")).isEqualTo(FakeComponentServer.sha1Hex("idsécret"));
    }
}
