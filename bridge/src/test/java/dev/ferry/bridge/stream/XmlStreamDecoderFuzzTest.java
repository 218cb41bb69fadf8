package dev.ferry.bridge.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.bridge.FuzzCorpus;
import dev.ferry.bridge.xmpp.StanzaCodec;
import dev.ferry.bridge.xmpp.StanzaParseException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Fuzzes the component stream framing with real Prosody stanzas ({@link FuzzCorpus}), mutated and
 * raw bytes, cut at random boundaries. Properties: the decoder refuses only with
 * {@link XmlInputRefusedException} (at most once), never holds a stanza past its size limit, and
 * the same valid bytes give the same stanzas however they are split. Seeds are fixed.
 */
class XmlStreamDecoderFuzzTest {

    private static final String SEED = "7102";
    private static final int LIMIT = 8192;
    private static final StanzaCodec CODEC = new StanzaCodec();

    @Provide
    Arbitrary<List<String>> validStreams() {
        return Arbitraries.of(FuzzCorpus.STANZAS).list().ofMinSize(1).ofMaxSize(12);
    }

    @Property(tries = 1000, seed = SEED)
    void splittingValidInputDifferentlyYieldsTheSameStanzas(@ForAll("validStreams") List<String> stanzas,
            @ForAll @Size(max = 40) List<@IntRange(min = 1, max = 300) Integer> cuts) {
        byte[] stream = (DecoderHarness.SERVER_HEADER + String.join("\n", stanzas)).getBytes(StandardCharsets.UTF_8);
        DecoderHarness whole = new DecoderHarness(LIMIT).feed(stream);
        DecoderHarness split = new DecoderHarness(LIMIT);
        feedInChunks(split, stream, cuts);

        assertThat(whole.refusals).isEmpty();
        assertThat(split.refusals).isEmpty();
        assertThat(whole.stanzas()).hasSize(stanzas.size());
        assertThat(split.stanzas()).isEqualTo(whole.stanzas());
    }

    @Provide
    Arbitrary<byte[]> hostileStreams() {
        Arbitrary<byte[]> mutated = FuzzCorpus.mutatedStanzas().list().ofMinSize(1).ofMaxSize(6)
                .map(s -> String.join("", s).getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
        Arbitrary<byte[]> invalidUtf8 = FuzzCorpus.mutatedStanzas().flatMap(s -> Arbitraries.of(
                new byte[] {(byte) 0xC0, (byte) 0x80}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0xFF},
                new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, new byte[] {(byte) 0xE2, (byte) 0x82})
                .map(bad -> concat(s.getBytes(StandardCharsets.UTF_8), bad)));
        return Arbitraries.oneOf(mutated, raw, invalidUtf8);
    }

    @Property(tries = 3000, seed = SEED)
    void hostileBytesAreRefusedOnlyWithXmlInputRefusedException(@ForAll("hostileStreams") byte[] payload,
            @ForAll boolean withHeader, @ForAll @Size(max = 20) List<@IntRange(min = 1, max = 64) Integer> cuts) {
        byte[] stream = withHeader ? concat(DecoderHarness.SERVER_HEADER.getBytes(StandardCharsets.UTF_8), payload) : payload;
        DecoderHarness decoder = new DecoderHarness(LIMIT);
        feedInChunks(decoder, stream, cuts);
        decoder.channel.checkException();

        assertThat(decoder.refusals).hasSizeLessThanOrEqualTo(1);
        assertThat(decoder.refusals).allSatisfy(r -> assertThat(r).isInstanceOf(XmlInputRefusedException.class));
        if (!decoder.refusals.isEmpty()) {
            assertThat(decoder.refusedWith()).isIn("not-well-formed", "restricted-xml", "invalid-namespace", "policy-violation");
        }
        for (String stanza : decoder.stanzas()) {
            try {
                assertThat(CODEC.parse(stanza)).isNotNull(); // what the link hands on, the codec reads or refuses
            } catch (StanzaParseException refused) {
                assertThat(refused).hasMessageNotContaining("\u0000");
            }
        }
    }

    @Property(tries = 300, seed = SEED)
    void anOversizedStanzaIsRefusedBeforeItIsBufferedWhole(@ForAll @IntRange(min = 1, max = 5) int times,
            @ForAll @Size(max = 30) List<@IntRange(min = 1, max = 5000) Integer> cuts) {
        byte[] head = (DecoderHarness.SERVER_HEADER + FuzzCorpus.STANZAS.get(0) + "<message to='x@irc.localhost'><body>")
                .getBytes(StandardCharsets.UTF_8);
        byte[] filler = "ünïcødé 😀 ".repeat((LIMIT + XmlStreamDecoder.FEED_SLICE_BYTES) * times / 8)
                .getBytes(StandardCharsets.UTF_8);
        byte[] stream = concat(head, filler);
        DecoderHarness decoder = new DecoderHarness(LIMIT);
        int fed = 0;
        int at = 0;
        for (int i = 0; fed < stream.length && decoder.refusals.isEmpty(); i++) {
            int n = Math.min(cuts.isEmpty() ? 1024 : cuts.get(i % cuts.size()), stream.length - fed);
            decoder.feed(Arrays.copyOfRange(stream, fed, fed + n));
            fed += n;
            at = n;
        }

        assertThat(decoder.refusedWith()).isEqualTo("policy-violation");
        // refused within the limit plus one feed slice of the stanza's start, plus the last read
        assertThat(fed - head.length).isLessThanOrEqualTo(LIMIT + XmlStreamDecoder.FEED_SLICE_BYTES + at);
        assertThat(decoder.stanzas()).hasSize(1);
    }

    static void feedInChunks(DecoderHarness decoder, byte[] stream, List<Integer> cuts) {
        int pos = 0;
        for (int i = 0; pos < stream.length; i++) {
            int n = cuts.isEmpty() ? stream.length : Math.min(cuts.get(i % cuts.size()), stream.length - pos);
            decoder.feed(Arrays.copyOfRange(stream, pos, pos + n));
            pos += n;
        }
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
