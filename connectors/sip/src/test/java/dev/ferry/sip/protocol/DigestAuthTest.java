package dev.ferry.sip.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DigestAuthTest {

    /** RFC 2617 §3.5's worked example (the same algorithm SIP uses). */
    @Test
    void rfc2617Example() {
        assertThat(DigestAuth.response("Mufasa", "testrealm@host.com", "Circle Of Life", "GET", "/dir/index.html",
                "dcd98b7102dd2f0e8b11d0f600bfb0c093", "auth", "00000001", "0a4f113b"))
                .isEqualTo("6629fae49393a05397450978507c4ef1");
    }

    @Test
    void withoutQop() {
        // RFC 2069 form: MD5(HA1:nonce:HA2)
        String ha1 = DigestAuth.md5("alice:kamailio.test:pw");
        String ha2 = DigestAuth.md5("REGISTER:sip:kamailio.test");
        assertThat(DigestAuth.response("alice", "kamailio.test", "pw", "REGISTER", "sip:kamailio.test", "n1", null, null, null))
                .isEqualTo(DigestAuth.md5(ha1 + ":n1:" + ha2));
    }
}
