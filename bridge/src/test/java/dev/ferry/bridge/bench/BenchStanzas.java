package dev.ferry.bridge.bench;

/**
 * Stanzas as Prosody 0.12 delivers them to a component, captured with {@link CaptureStanzas}
 * ({@code FERRY_TRACE_STANZAS=TRACE}, the {@code IN} lines of ComponentGateway).
 */
final class BenchStanzas {

    private BenchStanzas() {
    }

    /** The strings the stream decoder hands to {@code StanzaCodec.parse}: root carries the stream namespace. */
    static final String CHAT = "<message xmlns=\"jabber:component:accept\" to=\"somenick%irc.libera.chat@irc.localhost\" "
            + "xml:lang=\"en\" id=\"R9YNG-2\" from=\"alice@localhost/bench\" type=\"chat\">"
            + "<body>Hello from XMPP, how are you?</body><active xmlns=\"http://jabber.org/protocol/chatstates\"/></message>";

    static final String DISCO_INFO = "<iq xmlns=\"jabber:component:accept\" to=\"irc.localhost\" xml:lang=\"en\" id=\"R9YNG-3\" "
            + "from=\"alice@localhost/bench\" type=\"get\"><query xmlns=\"http://jabber.org/protocol/disco#info\"/></iq>";

    static final String PRESENCE = "<presence xmlns=\"jabber:component:accept\" to=\"irc.localhost\" id=\"R9YNG-4\" "
            + "from=\"alice@localhost/bench\" xml:lang=\"en\"><status>Working</status><priority>5</priority>"
            + "<x xmlns=\"vcard-temp:x:update\"><photo/></x></presence>";

    /**
     * The same three on the wire: Prosody writes single quotes and leaves the stream's default
     * namespace implicit, so these are the bytes the decoder reads.
     */
    static final String[] WIRE = {
        "<message to='somenick%irc.libera.chat@irc.localhost' xml:lang='en' id='R9YNG-2' from='alice@localhost/bench' type='chat'>"
                + "<body>Hello from XMPP, how are you?</body><active xmlns='http://jabber.org/protocol/chatstates'/></message>",
        "<iq to='irc.localhost' xml:lang='en' id='R9YNG-3' from='alice@localhost/bench' type='get'>"
                + "<query xmlns='http://jabber.org/protocol/disco#info'/></iq>",
        "<presence to='irc.localhost' id='R9YNG-4' from='alice@localhost/bench' xml:lang='en'><status>Working</status>"
                + "<priority>5</priority><x xmlns='vcard-temp:x:update'><photo/></x></presence>",
    };

    /** What Prosody sends first on a component stream; the decoder needs it before any stanza. */
    static final String STREAM_HEADER = "<?xml version='1.0'?><stream:stream xmlns:stream='http://etherx.jabber.org/streams' "
            + "xmlns='jabber:component:accept' id='c0ffee' from='irc.localhost'>";
}
