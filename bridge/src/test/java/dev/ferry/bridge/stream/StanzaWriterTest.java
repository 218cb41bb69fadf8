package dev.ferry.bridge.stream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The re-serializer, driven through the decoder: real parser events in, standalone XML out. */
class StanzaWriterTest {

    private static String reserialize(String stanza) {
        DecoderHarness decoder = new DecoderHarness().feed(DecoderHarness.SERVER_HEADER + stanza);
        assertThat(decoder.refusals).isEmpty();
        assertThat(decoder.stanzas()).hasSize(1);
        return decoder.stanzas().get(0);
    }

    @Test
    void declaresTheInheritedDefaultNamespaceOnTheStanza() {
        assertThat(reserialize("<iq type='get' id='1'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>"))
                .isEqualTo("<iq xmlns=\"jabber:component:accept\" type=\"get\" id=\"1\">"
                        + "<query xmlns=\"http://jabber.org/protocol/disco#info\"/></iq>");
    }

    @Test
    void declaresPrefixesWhereTheyAreUsed() {
        String out = reserialize("<message xmlns:x='urn:x'><x:a x:attr='1'><x:b/></x:a><stream:features/><c xml:lang='en'/></message>");
        assertThat(out).isEqualTo("<message xmlns=\"jabber:component:accept\" xmlns:x=\"urn:x\">"
                + "<x:a x:attr=\"1\"><x:b/></x:a>"
                + "<stream:features xmlns:stream=\"http://etherx.jabber.org/streams\"/>"
                + "<c xml:lang=\"en\"/></message>");
    }

    @Test
    void aTopLevelPrefixedElementGetsItsPrefixDeclared() {
        assertThat(reserialize("<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>"))
                .isEqualTo("<stream:features xmlns:stream=\"http://etherx.jabber.org/streams\">"
                        + "<bind xmlns=\"urn:ietf:params:xml:ns:xmpp-bind\"/></stream:features>");
    }

    @Test
    void resetsTheDefaultNamespaceForUnqualifiedChildren() {
        assertThat(reserialize("<message><x xmlns='urn:y'><plain xmlns=''/></x></message>"))
                .isEqualTo("<message xmlns=\"jabber:component:accept\"><x xmlns=\"urn:y\"><plain xmlns=\"\"/></x></message>");
    }

    @Test
    void escapesTextAndAttributes() {
        String out = reserialize("<message to='a&amp;b&lt;&gt;&quot;&apos;c'><body>&lt;b&gt; &amp; \"q\" 'a' ]]&gt;</body></message>");
        assertThat(out).isEqualTo("<message xmlns=\"jabber:component:accept\" to=\"a&amp;b&lt;&gt;&quot;&apos;c\">"
                + "<body>&lt;b&gt; &amp; \"q\" 'a' ]]&gt;</body></message>");
    }

    @Test
    void keepsCharacterReferencesAsCharactersAndNonBmpIntact() {
        String out = reserialize("<message><body>&#x1F600; 😀 𝄞 é &#13;</body></message>");
        assertThat(out).isEqualTo("<message xmlns=\"jabber:component:accept\"><body>😀 😀 𝄞 é &#13;</body></message>");
    }

    @Test
    void preservesWhitespaceInAttributesAsReferences() {
        assertThat(reserialize("<message id='a&#10;b&#9;c'/>"))
                .isEqualTo("<message xmlns=\"jabber:component:accept\" id=\"a&#10;b&#9;c\"/>");
    }

    @Test
    void outputParsesBackToTheSameStanza() {
        String original = reserialize("<message xmlns:e='urn:e' to='x'><body>a &amp; 😀</body><e:x e:y='&lt;'>t</e:x></message>");
        // a stanza re-serialized out of its stream must survive being parsed again inside another stream
        String again = reserialize(original);
        assertThat(again).isEqualTo(original);
    }
}
