package dev.ferry.bridge.service.mam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.bridge.xmpp.StanzaCodec;
import dev.ferry.mappings.store.Store;
import dev.ferry.mappings.store.StoreSettings;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Stanza;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MAM on a room, from the query a client sends to the results and the fin it gets back. */
class MamHandlerTest {

    static final String ROOM = "#ferry%irc.example.org";
    @TempDir
    Path dir;
    Store store;
    final List<String> sent = new ArrayList<>();
    final StanzaCodec codec = new StanzaCodec();
    MamHandler mam;

    @BeforeEach
    void fill() {
        store = Store.open(StoreSettings.h2(dir));
        Instant t0 = Instant.parse("2026-11-25T10:00:00Z");
        for (int i = 1; i <= 5; i++) {
            store.archive().append("alice@localhost", "irc", ROOM, i % 2 == 0 ? "bob" : "carol", "line " + i, "m" + i, t0.plusSeconds(i));
        }
        store.archive().append("eve@localhost", "irc", ROOM, "bob", "eve's copy", null, t0);
        mam = new MamHandler(store.archive(), "irc", s -> sent.add(codec.serialize(s)));
    }

    @AfterEach
    void close() {
        store.close();
    }

    IQ query(String from, String rsm) throws Exception {
        Stanza s = codec.parse("<iq xmlns='jabber:component:accept' type='set' id='q' from='" + from + "' to='" + ROOM
                + "@irc.localhost'><query xmlns='urn:xmpp:mam:2' queryid='f27'><x xmlns='jabber:x:data' type='submit'>"
                + "<field var='FORM_TYPE' type='hidden'><value>urn:xmpp:mam:2</value></field></x>"
                + "<set xmlns='http://jabber.org/protocol/rsm'>" + rsm + "</set></query></iq>");
        return mam.handle((IQ) s);
    }

    @Test
    void lastPageFirstThenPagingBackwards() throws Exception {
        String fin = codec.serialize(query("alice@localhost/phone", "<max>2</max><before/>"));
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0)).contains("queryid='f27'", "from='#ferry%irc.example.org@irc.localhost'",
                "urn:xmpp:forward:0", "stamp='2026-11-25T10:00:04", "/bob'", "<body>line 4</body>");
        assertThat(sent.get(1)).contains("<body>line 5</body>", "/carol'");
        assertThat(fin).contains("type='result'", "<fin xmlns='urn:xmpp:mam:2'", "<first>4</first>", "<last>5</last>")
                .doesNotContain("complete=");

        sent.clear();
        String older = codec.serialize(query("alice@localhost/phone", "<max>10</max><before>4</before>"));
        assertThat(sent).hasSize(3).allSatisfy(m -> assertThat(m).doesNotContain("eve"));
        assertThat(older).contains("complete='true'", "<first>1</first>", "<last>3</last>");
    }

    @Test
    void forwardPagingAndOtherOwnersSeeOnlyTheirs() throws Exception {
        query("alice@localhost/phone", "<max>3</max><after>2</after>");
        assertThat(sent).hasSize(3);
        assertThat(sent.get(0)).contains("line 3");
        sent.clear();
        query("eve@localhost/pc", "<max>10</max>");
        assertThat(sent).singleElement().asString().contains("eve's copy");
    }

    @Test
    void badIdsAndGetsAreRefused() throws Exception {
        assertThat(codec.serialize(query("alice@localhost/phone", "<after>zzz</after>"))).contains("item-not-found");
        Stanza get = codec.parse("<iq xmlns='jabber:component:accept' type='get' id='g' from='alice@localhost/p' to='"
                + ROOM + "@irc.localhost'><query xmlns='urn:xmpp:mam:2'/></iq>");
        assertThat(codec.serialize(mam.handle((IQ) get))).contains("bad-request");
    }
}
