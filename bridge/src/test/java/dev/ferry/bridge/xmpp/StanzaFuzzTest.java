package dev.ferry.bridge.xmpp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.bridge.FuzzCorpus;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jivesoftware.smack.packet.Stanza;

/**
 * Stanza parsing and translation on mutations of real Prosody stanzas: {@link StanzaCodec} refuses
 * only with {@link StanzaParseException}, and translating whatever it accepts never throws.
 * The seed is fixed so CI runs the same inputs every time.
 */
class StanzaFuzzTest {

    private final StanzaCodec codec = new StanzaCodec();
    private final StanzaTranslator translator = new StanzaTranslator();
    private final MucTranslator muc = new MucTranslator();

    @Provide
    Arbitrary<String> stanzas() {
        return FuzzCorpus.mutatedStanzas();
    }

    @Property(tries = 2000, seed = "7101")
    void parseRefusesOnlyWithStanzaParseExceptionAndTranslationNeverThrows(@ForAll("stanzas") String xml) {
        Stanza stanza;
        try {
            stanza = codec.parse(xml);
        } catch (StanzaParseException refused) {
            return;
        }
        assertThat(translator.toEvent(stanza)).isNotNull();
        assertThat(muc.toEvent(stanza)).isNotNull();
        assertThat(codec.serialize(stanza)).isNotEmpty();
    }
}
