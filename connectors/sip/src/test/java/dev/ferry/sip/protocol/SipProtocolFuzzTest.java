package dev.ferry.sip.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.parser.StringMsgParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzes SIP input as Ferry meets it: JAIN-SIP's message parser (the one its transports use) on
 * mutations of the requests SIPp and Kamailio really sent ({@code src/test/resources/captures/}),
 * then {@link SipMessageTranslator#fromSip}, the PIDF and isComposing body parsers, header text
 * cleaning and digest challenge answering. Seeds are fixed so CI runs the same inputs every time.
 */
class SipProtocolFuzzTest {

    private static final String SEED = "7105";
    private static final List<byte[]> CORPUS = corpus();
    private static final SipMessageTranslator T = new SipMessageTranslator("sip.localhost", "*", 65536);

    static List<byte[]> corpus() {
        List<byte[]> messages = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/test/resources/captures"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".sip")).sorted().toList()) {
                messages.add(Files.readAllBytes(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(messages).as("SIP capture corpus").hasSizeGreaterThanOrEqualTo(8);
        return List.copyOf(messages);
    }

    @Provide
    Arbitrary<byte[]> mutatedMessages() {
        Arbitrary<byte[]> noise = Arbitraries.oneOf(
                Arbitraries.of("\r\n", ";", ":", "<", ">", "@", "*", "%", "\"", " ", "\0", "\u00ff", "sip:", ";charset=",
                        "\r\nContent-Type: application/im-iscomposing+xml", "\r\nContent-Type: text/plain;charset=koi8-r",
                        "\r\nContent-Type: text/plain;charset=\"\"", "\r\nContent-Length: 99999999999", "\r\nFrom: <tel:+1>",
                        "\r\nSubject: \u0007", "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"b\">]><x>&a;</x>",
                        "<isComposing xmlns=\"urn:ietf:params:xml:ns:im-iscomposing\"><state>active</state></isComposing>")
                        .map(s -> s.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(6));
        return Arbitraries.of(CORPUS).flatMap(real -> Arbitraries.oneOf(
                Arbitraries.just(real),
                Arbitraries.integers().between(0, real.length)
                        .flatMap(cut -> noise.map(n -> splice(real, cut, 0, n))),
                Arbitraries.integers().between(0, real.length - 1)
                        .flatMap(cut -> Arbitraries.integers().between(1, 12).map(drop -> splice(real, cut, drop, new byte[0]))),
                Arbitraries.integers().between(0, real.length - 1)
                        .flatMap(cut -> Arbitraries.bytes().map(b -> splice(real, cut, 1, new byte[] {b})))));
    }

    static byte[] splice(byte[] real, int at, int drop, byte[] insert) {
        int dropped = Math.min(drop, real.length - at);
        byte[] out = new byte[real.length - dropped + insert.length];
        System.arraycopy(real, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(real, at + dropped, out, at + insert.length, real.length - at - dropped);
        return out;
    }

    /** Parsed as JAIN-SIP's transports parse; null when refused there or missing what they require. */
    static SIPMessage parseAsTheStackDoes(byte[] wire) {
        SIPMessage message;
        try {
            message = new StringMsgParser().parseSIPMessage(wire, true, false, null);
        } catch (ParseException refused) {
            return null;
        }
        // the stack's message channels drop messages without these before any listener sees them
        if (message == null || message.getFrom() == null || message.getTo() == null || message.getCallId() == null
                || message.getCSeq() == null || message.getViaHeaders() == null) {
            return null;
        }
        return message;
    }

    @Property(tries = 3000, seed = SEED)
    void inboundMessagesTranslateOrAreRefusedWithASipStatus(@ForAll("mutatedMessages") byte[] wire) {
        SIPMessage message = parseAsTheStackDoes(wire);
        if (!(message instanceof Request request)) {
            return;
        }
        try {
            assertThat(T.fromSip(request)).isNotNull();
        } catch (SipRefusal refused) {
            assertThat(refused.code()).isBetween(400, 699);
            assertThat(refused.reason()).doesNotContain("\r", "\n");
        }
    }

    @Property(tries = 1000, seed = SEED)
    void presenceAndComposingBodiesParseOrYieldEmpty(@ForAll("xmlBodies") byte[] body) {
        assertThat(Pidf.parse(body)).isNotNull();
        assertThat(IsComposing.parse(body)).isNotNull();
    }

    @Provide
    Arbitrary<byte[]> xmlBodies() {
        List<String> real = List.of(
                Pidf.format("sip:bob@sip.example.com", dev.ferry.spi.Presence.Availability.AWAY, java.util.Optional.of("lunch")),
                Pidf.format("sip:bob@sip.example.com", dev.ferry.spi.Presence.Availability.DO_NOT_DISTURB, java.util.Optional.empty()),
                IsComposing.format(dev.ferry.spi.ChatState.State.COMPOSING),
                IsComposing.format(dev.ferry.spi.ChatState.State.PAUSED));
        Arbitrary<String> noise = Arbitraries.of("<", ">", "</", "&", "&amp;", "&#0;", "&#xD800;", "<!DOCTYPE x>", "<!ENTITY e SYSTEM \"file:///etc/passwd\">",
                "xmlns=\"\"", "\"", "]]>", "<![CDATA[", "\u0000", "\uFFFE", "<basic>open</basic>", "<rpid:away/>");
        return Arbitraries.of(real).flatMap(doc -> Arbitraries.integers().between(0, doc.length())
                .flatMap(cut -> noise.list().ofMaxSize(3).map(n -> doc.substring(0, cut) + String.join("", n) + doc.substring(cut))))
                .map(s -> s.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 1000, seed = SEED)
    void headerTextIsOneBoundedLine(@ForAll("texts") String text) {
        String clean = HeaderText.clean(text);
        assertThat(clean.length()).isLessThanOrEqualTo(HeaderText.MAX_LENGTH);
        assertThat(clean).doesNotContain("\r", "\n", "\0").isEqualTo(clean.strip());
        assertThat(HeaderText.clean(clean)).isEqualTo(clean);
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(300),
                Arbitraries.strings().withChars(" \r\n\t\u0000\u2028\u200b\u200dab\uD83D\uDE00").ofMaxLength(300));
    }

    @Property(tries = 1000, seed = SEED)
    void digestChallengesAreAnsweredOrRefusedWithParseException(@ForAll("challenges") String challenge) throws Exception {
        String wire = "SIP/2.0 401 Unauthorized\r\nVia: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK-1\r\n"
                + "From: <sip:ferry@sip.localhost>;tag=1\r\nTo: <sip:ferry@sip.localhost>;tag=2\r\nCall-ID: c1\r\n"
                + "CSeq: 1 REGISTER\r\nWWW-Authenticate: " + challenge + "\r\nContent-Length: 0\r\n\r\n";
        SIPMessage parsed = parseAsTheStackDoes(wire.getBytes(StandardCharsets.UTF_8));
        if (!(parsed instanceof Response response)) {
            return;
        }
        WWWAuthenticateHeader header = (WWWAuthenticateHeader) response.getHeader(WWWAuthenticateHeader.NAME);
        if (header == null) {
            return;
        }
        Request register = (Request) parseAsTheStackDoes(CORPUS.get(0));
        try {
            assertThat(DigestAuth.answer(header, register, "ferry", "secret").getResponse()).hasSize(32);
        } catch (ParseException refused) {
            assertThat(refused.getMessage()).isNotNull();
        }
    }

    @Provide
    Arbitrary<String> challenges() {
        String real = "Digest realm=\"sip.localhost\", nonce=\"Y2hhbGxlbmdl\", qop=\"auth\", algorithm=MD5, opaque=\"x\"";
        Arbitrary<String> noise = Arbitraries.of(",", "=", "\"", " ", "qop=", "algorithm=SHA-256", "auth-int", "realm=", "\\", "");
        return Arbitraries.integers().between(0, real.length())
                .flatMap(cut -> Arbitraries.integers().between(0, 6)
                        .flatMap(drop -> noise.map(n -> real.substring(0, cut) + n + real.substring(Math.min(real.length(), cut + drop)))));
    }
}
