package dev.ferry.sip.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nist.javax.sip.parser.StringMsgParser;
import java.nio.charset.StandardCharsets;
import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.Test;

class SipDialogTest {

    static final String SUBSCRIBE = "SUBSCRIBE sip:alice*localhost@127.0.0.1:27260 SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 127.0.0.1:27271;branch=z9hG4bK-1-1-0\r\n"
            + "From: <sip:bob@sip.example.com>;tag=1SIPpTag001\r\n"
            + "To: <sip:alice*localhost@127.0.0.1:27260>\r\n"
            + "Call-ID: 1-1@127.0.0.1\r\n"
            + "CSeq: 1 SUBSCRIBE\r\n"
            + "Max-Forwards: 70\r\n"
            + "Contact: <sip:bob@127.0.0.1:27271>\r\n"
            + "Event: presence\r\n"
            + "Expires: 60\r\n"
            + "Content-Length: 0\r\n\r\n";

    static Request parse(String text) throws Exception {
        return (Request) new StringMsgParser().parseSIPMessage(text.getBytes(StandardCharsets.UTF_8), true, false, null);
    }

    @Test
    void aDialogFerryOpensLearnsTheRemoteTagAndTarget() throws Exception {
        SipURI me = SipFactories.ADDRESSES.createSipURI("alice*localhost", "127.0.0.1");
        SipURI bob = SipFactories.ADDRESSES.createSipURI("bob", "sip.example.com");
        SipDialog d = SipDialog.open(me, bob, "127.0.0.1");
        Request first = d.request(Request.SUBSCRIBE);
        assertThat(first.getRequestURI().toString()).isEqualTo("sip:bob@sip.example.com");
        assertThat(((ToHeader) first.getHeader(ToHeader.NAME)).getTag()).isNull();
        assertThat(((CSeqHeader) first.getHeader(CSeqHeader.NAME)).getSeqNumber()).isEqualTo(1);

        Response ok = SipFactories.MESSAGES.createResponse(200, first);
        ((ToHeader) ok.getHeader(ToHeader.NAME)).setTag("remote1");
        ok.addHeader(SipFactories.HEADERS.createContactHeader(SipFactories.ADDRESSES.createAddress(
                SipFactories.ADDRESSES.createSipURI("bob", "127.0.0.1:27270"))));
        d.learn(ok, false);
        d.sent(4); // an authenticated retry went out as CSeq 4
        Request refresh = d.request(Request.SUBSCRIBE);
        assertThat(refresh.getRequestURI().toString()).isEqualTo("sip:bob@127.0.0.1:27270");
        assertThat(((ToHeader) refresh.getHeader(ToHeader.NAME)).getTag()).isEqualTo("remote1");
        assertThat(((CSeqHeader) refresh.getHeader(CSeqHeader.NAME)).getSeqNumber()).isEqualTo(5);
        assertThat(refresh.getHeader("Call-ID").toString()).isEqualTo(first.getHeader("Call-ID").toString());
    }

    @Test
    void aDialogASubscribeOpensAnswersToTheWatchersContact() throws Exception {
        SipURI me = SipFactories.ADDRESSES.createSipURI("alice*localhost", "127.0.0.1");
        SipDialog d = SipDialog.accepted(parse(SUBSCRIBE), me);
        Request notify = d.request(Request.NOTIFY);
        assertThat(notify.getRequestURI().toString()).isEqualTo("sip:bob@127.0.0.1:27271");
        assertThat(notify.toString()).contains("Call-ID: 1-1@127.0.0.1\r\n")
                .contains("To: <sip:bob@sip.example.com>;tag=1SIPpTag001\r\n")
                .contains("From: <sip:alice*localhost@127.0.0.1>;tag=" + d.localTag() + "\r\n");
    }
}
