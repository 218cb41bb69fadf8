package dev.ferry.sip.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gov.nist.javax.sip.parser.StringMsgParser;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
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

    // found by SipProtocolFuzzTest: a challenge without realm made JAIN-SIP throw a NullPointerException
    // out of answer(), which Challenges did not catch, so the request failed instead of getting the 401
    @Test
    void aChallengeWithoutRealmOrNonceIsRefusedWithParseException() throws Exception {
        for (String challenge : new String[] {"Digest re,lm=\"sip.localhost\", nonce=\"Y2hhbGxlbmdl\", qop=\"auth\", algorithm=MD5",
                "Digest realm=\"sip.localhost\", qop=\"auth\""}) {
            String wire = "SIP/2.0 401 Unauthorized\r\nVia: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK-1\r\n"
                    + "From: <sip:ferry@sip.localhost>;tag=1\r\nTo: <sip:ferry@sip.localhost>;tag=2\r\nCall-ID: c1\r\n"
                    + "CSeq: 1 REGISTER\r\nWWW-Authenticate: " + challenge + "\r\nContent-Length: 0\r\n\r\n";
            Response response = (Response) new StringMsgParser().parseSIPMessage(wire.getBytes(StandardCharsets.UTF_8), true, false, null);
            Request register = SipMessageTranslatorTest.capture("plain-to-jid");
            assertThatThrownBy(() -> DigestAuth.answer((WWWAuthenticateHeader) response.getHeader(WWWAuthenticateHeader.NAME),
                    register, "ferry", "secret")).isInstanceOf(ParseException.class).hasMessageContaining("digest challenge without");
        }
    }
}
