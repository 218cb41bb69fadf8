package dev.ferry.bridge.xmpp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.spi.Address;
import dev.ferry.spi.RoomEvent;
import java.util.List;
import java.util.Optional;
import org.jivesoftware.smack.packet.Stanza;
import org.junit.jupiter.api.Test;

/** The MUC facade's translation, both ways, on stanzas in the form Prosody delivers them. */
class MucTranslatorTest {

    final StanzaCodec codec = new StanzaCodec();
    final MucTranslator muc = new MucTranslator();
    static final Address ROOM_NICK = new Address("#ferry%irc.example.org", "irc.localhost", "alice");
    static final Address ALICE = new Address("alice", "localhost", "pc");

    Optional<RoomEvent> in(String xml) throws Exception {
        return muc.toEvent(codec.parse(xml));
    }

    @Test
    void joinWithPasswordBecomesAJoinEvent() throws Exception {
        RoomEvent e = in("<presence xmlns='jabber:component:accept' from='alice@localhost/pc' to='#ferry%irc.example.org@irc.localhost/alice'>"
                + "<x xmlns='http://jabber.org/protocol/muc'><password>sesame</password></x></presence>").orElseThrow();
        assertThat(e.kind()).isEqualTo(RoomEvent.Kind.JOIN);
        assertThat(e.from()).isEqualTo(ALICE);
        assertThat(e.to()).isEqualTo(ROOM_NICK);
        assertThat(e.password()).contains("sesame");
    }

    @Test
    void unavailableToTheOccupantIsALeaveWithItsStatus() throws Exception {
        RoomEvent e = in("<presence xmlns='jabber:component:accept' type='unavailable' from='alice@localhost/pc' "
                + "to='#ferry%irc.example.org@irc.localhost/alice'><status>bye</status></presence>").orElseThrow();
        assertThat(e.kind()).isEqualTo(RoomEvent.Kind.LEAVE);
        assertThat(e.text()).contains("bye");
    }

    @Test
    void subjectOnlyGroupchatSetsTheTopic() throws Exception {
        RoomEvent e = in("<message xmlns='jabber:component:accept' type='groupchat' from='alice@localhost/pc' "
                + "to='#ferry%irc.example.org@irc.localhost'><subject>new topic</subject></message>").orElseThrow();
        assertThat(e.kind()).isEqualTo(RoomEvent.Kind.TOPIC);
        assertThat(e.text()).contains("new topic");
    }

    @Test
    void contactPresenceAndGroupchatBodiesAreNotRoomEvents() throws Exception {
        assertThat(in("<presence xmlns='jabber:component:accept' from='alice@localhost/pc' to='bob%irc.example.org@irc.localhost'/>")).isEmpty();
        assertThat(in("<message xmlns='jabber:component:accept' type='groupchat' from='alice@localhost/pc' "
                + "to='#ferry%irc.example.org@irc.localhost'><body>hi</body></message>")).isEmpty();
    }

    @Test
    void selfJoinCarriesStatus110AndTheRole() {
        List<Stanza> out = muc.toStanzas(RoomEvent.join(ROOM_NICK, ALICE, RoomEvent.Role.MODERATOR, RoomEvent.Affiliation.ADMIN, true));
        assertThat(out).singleElement().extracting(codec::serialize).asString()
                .contains("from='#ferry%irc.example.org@irc.localhost/alice'", "to='alice@localhost/pc'",
                        "affiliation='admin'", "role='moderator'", "<status code='110'/>");
    }

    @Test
    void nickChangeIsUnavailableWith303ThenTheNewOccupant() {
        Address bob = new Address("#ferry%irc.example.org", "irc.localhost", "bob");
        List<String> out = muc.toStanzas(new RoomEvent(bob, ALICE, RoomEvent.Kind.NICK_CHANGE, Optional.of("bobby"),
                Optional.empty(), RoomEvent.Role.PARTICIPANT, RoomEvent.Affiliation.NONE, false, Optional.empty()))
                .stream().map(codec::serialize).toList();
        assertThat(out).hasSize(2);
        assertThat(out.get(0)).contains("type='unavailable'", "/bob'", "nick='bobby'", "code='303'");
        assertThat(out.get(1)).contains("/bobby'", "role='participant'").doesNotContain("unavailable");
    }

    @Test
    void kickAndTopic() {
        Address bob = new Address("#ferry%irc.example.org", "irc.localhost", "bob");
        String kick = codec.serialize(muc.toStanzas(new RoomEvent(bob, ALICE, RoomEvent.Kind.KICK, Optional.empty(),
                Optional.of("spam"), RoomEvent.Role.NONE, RoomEvent.Affiliation.NONE, false, Optional.empty())).get(0));
        assertThat(kick).contains("type='unavailable'", "code='307'", "<reason>spam</reason>");
        String topic = codec.serialize(muc.toStanzas(new RoomEvent(bob, ALICE, RoomEvent.Kind.TOPIC, Optional.empty(),
                Optional.of("welcome"), RoomEvent.Role.PARTICIPANT, RoomEvent.Affiliation.NONE, false, Optional.empty())).get(0));
        assertThat(topic).contains("type='groupchat'", "<subject>welcome</subject>");
    }

    @Test
    void awayIsTheOccupantWithShowAwayAndBackIsPlainAvailable() {
        Address bob = new Address("#ferry%irc.example.org", "irc.localhost", "bob");
        String away = codec.serialize(muc.toStanzas(new RoomEvent(bob, ALICE, RoomEvent.Kind.AWAY, Optional.empty(),
                Optional.of("lunch"), RoomEvent.Role.MODERATOR, RoomEvent.Affiliation.ADMIN, false, Optional.empty())).get(0));
        assertThat(away).contains("/bob'", "<show>away</show>", "<status>lunch</status>", "role='moderator'", "affiliation='admin'")
                .doesNotContain("unavailable");
        String back = codec.serialize(muc.toStanzas(new RoomEvent(bob, ALICE, RoomEvent.Kind.AWAY, Optional.empty(),
                Optional.empty(), RoomEvent.Role.PARTICIPANT, RoomEvent.Affiliation.NONE, false, Optional.empty())).get(0));
        assertThat(back).contains("/bob'", "role='participant'").doesNotContain("<show>", "<status>", "unavailable");
    }
}
