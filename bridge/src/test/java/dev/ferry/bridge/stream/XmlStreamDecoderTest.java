package dev.ferry.bridge.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.bridge.stream.StreamEvent.StanzaReceived;
import dev.ferry.bridge.stream.StreamEvent.StreamClosed;
import dev.ferry.bridge.stream.StreamEvent.StreamError;
import dev.ferry.bridge.stream.StreamEvent.StreamOpened;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class XmlStreamDecoderTest {

    private static final String MESSAGE = "<message from='alice@localhost/phone' to='#ferry%irc.example@irc.localhost' type='groupchat' id='m1'>"
            + "<body>hello</body></message>";
    private static final String MESSAGE_OUT = "<message xmlns=\"jabber:component:accept\" from=\"alice@localhost/phone\""
            + " to=\"#ferry%irc.example@irc.localhost\" type=\"groupchat\" id=\"m1\"><body>hello</body></message>";

    @Test
    void opensTheStreamAndEmitsStanzasWithTheirNamespaceDeclared() {
        DecoderHarness decoder = new DecoderHarness().feed(DecoderHarness.SERVER_HEADER + MESSAGE);

        assertThat(decoder.events.get(0)).isEqualTo(new StreamOpened("3BF96D32", "irc.localhost"));
        assertThat(decoder.events.get(1)).isEqualTo(new StanzaReceived("jabber:component:accept", "message", MESSAGE_OUT));
        assertThat(decoder.refusals).isEmpty();
    }

    @Test
    void stanzaSplitIntoOneByteChunksComesOutWhole() {
        String big = "<message to='x@irc.localhost'><body>" + "ünïcødé 😀 ".repeat(2000) + "</body></message>";
        DecoderHarness decoder = new DecoderHarness().feedOneByteAtATime(DecoderHarness.SERVER_HEADER + big + MESSAGE);

        assertThat(decoder.stanzas()).hasSize(2);
        assertThat(decoder.stanzas().get(0)).contains("ünïcødé 😀 ".repeat(2000));
        assertThat(decoder.stanzas().get(1)).isEqualTo(MESSAGE_OUT);
    }

    @Test
    void manyStanzasInOneReadAndWhitespaceBetweenThemIsIgnored() {
        StringBuilder input = new StringBuilder(DecoderHarness.SERVER_HEADER);
        for (int i = 0; i < 500; i++) {
            input.append("<presence from='u").append(i).append("@localhost' to='irc.localhost'/>\n  \t ");
        }
        DecoderHarness decoder = new DecoderHarness().feed(input.toString());

        assertThat(decoder.stanzas()).hasSize(500);
        assertThat(decoder.stanzas().get(499)).isEqualTo("<presence xmlns=\"jabber:component:accept\" from=\"u499@localhost\" to=\"irc.localhost\"/>");
        assertThat(decoder.refusals).isEmpty();
    }

    @Test
    void readsStreamErrorConditionAndText() {
        DecoderHarness decoder = new DecoderHarness().feed(DecoderHarness.SERVER_HEADER
                + "<stream:error><conflict xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"
                + "<text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>Replaced by a new connection</text></stream:error></stream:stream>");

        assertThat(decoder.events).containsSubsequence(new StreamError("conflict", "Replaced by a new connection"), StreamClosed.INSTANCE);
    }

    @Test
    void doctypeIsRestrictedXml() {
        DecoderHarness decoder = new DecoderHarness().feed("<?xml version='1.0'?><!DOCTYPE stream:stream>" + DecoderHarness.SERVER_HEADER.substring(21));
        assertThat(decoder.refusedWith()).isEqualTo("restricted-xml");
    }

    @Test
    void doctypeInsideTheStreamIsRestrictedXml() {
        DecoderHarness decoder = new DecoderHarness().feed(DecoderHarness.SERVER_HEADER + "<!DOCTYPE x [<!ENTITY a 'b'>]>");
        assertThat(decoder.refusedWith()).isEqualTo("restricted-xml");
    }

    @Test
    void billionLaughsIsRefusedWithoutExpansion() {
        StringBuilder dtd = new StringBuilder("<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol0 'lol'>");
        for (int i = 1; i <= 30; i++) { // 2^30 "lol"s if anything expanded it
            dtd.append("<!ENTITY lol").append(i).append(" '&lol").append(i - 1).append(";&lol").append(i - 1).append(";'>");
        }
        dtd.append("]>");
        String payload = dtd + DecoderHarness.SERVER_HEADER.substring(21) + "<message><body>&lol30;</body></message>";
        Runtime runtime = Runtime.getRuntime();
        long before = runtime.totalMemory() - runtime.freeMemory();

        DecoderHarness decoder = new DecoderHarness().feed(payload);

        assertThat(decoder.refusedWith()).isEqualTo("restricted-xml");
        assertThat(decoder.stanzas()).isEmpty();
        assertThat(runtime.totalMemory() - runtime.freeMemory() - before).isLessThan(64L * 1024 * 1024);
    }

    @Test
    void undeclaredEntityReferenceInAStanzaIsRestrictedXml() {
        DecoderHarness decoder = new DecoderHarness().feed(DecoderHarness.SERVER_HEADER + "<message><body>&lol9;</body></message>");
        assertThat(decoder.refusedWith()).isEqualTo("restricted-xml");
        assertThat(decoder.stanzas()).isEmpty();
    }

    @Test
    void commentsAndProcessingInstructionsAreRestrictedXml() {
        assertThat(new DecoderHarness().feed(DecoderHarness.SERVER_HEADER + "<message><!-- hi --></message>").refusedWith())
                .isEqualTo("restricted-xml");
        assertThat(new DecoderHarness().feed(DecoderHarness.SERVER_HEADER + "<?evil stuff?>").refusedWith())
                .isEqualTo("restricted-xml");
    }

    @Test
    void cdataWithDoctypeTextIsJustText() {
        DecoderHarness decoder = new DecoderHarness().feed(DecoderHarness.SERVER_HEADER
                + "<message><body><![CDATA[<!DOCTYPE html> & <b>]]></body></message>");
        assertThat(decoder.refusals).isEmpty();
        assertThat(decoder.stanzas()).containsExactly(
                "<message xmlns=\"jabber:component:accept\"><body>&lt;!DOCTYPE html&gt; &amp; &lt;b&gt;</body></message>");
    }

    @Test
    void oversizedStanzaIsRefusedBeforeItIsAllBuffered() {
        DecoderHarness decoder = new DecoderHarness(64 * 1024).feed(DecoderHarness.SERVER_HEADER
                + "<message from='alice@localhost/pc' to='nick%irc.example.org@irc.localhost' id='big1' type='chat'><body>");
        byte[] chunk = new byte[1024];
        Arrays.fill(chunk, (byte) 'a');
        int fed = 0;
        while (decoder.refusals.isEmpty() && fed < 1024 * 1024) {
            decoder.feed(chunk);
            fed += chunk.length;
        }

        assertThat(decoder.refusedWith()).isEqualTo("policy-violation");
        assertThat(fed).isBetween(64 * 1024 - 1024, 64 * 1024 + XmlStreamDecoder.FEED_SLICE_BYTES);
        assertThat(decoder.stanzas()).isEmpty();
        // its head is reported first, so the gateway can tell the sender
        assertThat(decoder.events).contains(new StreamEvent.StanzaTooLarge(new RefusedStanza("message",
                "alice@localhost/pc", "nick%irc.example.org@irc.localhost", "big1", "chat", 64 * 1024)));
    }

    @Test
    void stanzasJustUnderTheLimitPassOneAfterAnother() {
        String body = "a".repeat(60 * 1024);
        String stanza = "<message><body>" + body + "</body></message>";
        DecoderHarness decoder = new DecoderHarness(64 * 1024).feed(DecoderHarness.SERVER_HEADER + stanza + stanza + stanza);

        assertThat(decoder.refusals).isEmpty();
        assertThat(decoder.stanzas()).hasSize(3);
    }

    @Test
    void invalidUtf8IsNotWellFormed() {
        byte[] header = DecoderHarness.SERVER_HEADER.getBytes(StandardCharsets.UTF_8);
        byte[] bad = {'<', 'm', '>', (byte) 0xC3, (byte) 0x28, '<', '/', 'm', '>'};
        DecoderHarness decoder = new DecoderHarness().feed(header).feed(bad);

        assertThat(decoder.refusedWith()).isEqualTo("not-well-formed");
        assertThat(decoder.stanzas()).isEmpty();
    }

    @Test
    void malformedXmlIsNotWellFormedAndLaterBytesAreIgnored() {
        DecoderHarness decoder = new DecoderHarness().feed(DecoderHarness.SERVER_HEADER + "<message><body></message>");
        decoder.feed(MESSAGE);

        assertThat(decoder.refusedWith()).isEqualTo("not-well-formed");
        assertThat(decoder.refusals).hasSize(1);
        assertThat(decoder.stanzas()).isEmpty();
    }

    @Test
    void textBetweenStanzasIsNotWellFormed() {
        assertThat(new DecoderHarness().feed(DecoderHarness.SERVER_HEADER + "junk").refusedWith()).isEqualTo("not-well-formed");
    }

    @Test
    void aRootOtherThanStreamIsRefused() {
        assertThat(new DecoderHarness().feed("<html>").refusedWith()).isEqualTo("invalid-namespace");
    }
}
