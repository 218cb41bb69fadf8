package dev.ferry.bridge.xmpp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jivesoftware.smack.packet.StanzaError;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;

class InDoubtMessagesTest {

    static final Instant NOW = Instant.parse("2026-11-26T11:02:04Z");

    static Message message(Message.Type type, String from, String to, String body) {
        return StanzaBuilder.buildMessage("m1").ofType(type).from(JidCreate.fromOrThrowUnchecked(from))
                .to(JidCreate.fromOrThrowUnchecked(to)).setBody(body).build();
    }

    @Test
    void aPrivateMessageComesBackToItsSenderAsTheErrorTheServerWouldHaveSent() {
        Message chat = message(Message.Type.chat, "bob%irc.example@irc.localhost", "alice@localhost/pc", "see you at 5 #17");

        InDoubtMessages.Reports reports = InDoubtMessages.of(List.of(chat), NOW);

        assertThat(reports.notices()).isEmpty();
        Message error = reports.errors().get(0);
        assertThat(error.getType()).isEqualTo(Message.Type.error);
        assertThat(error.getStanzaId()).isEqualTo("m1");
        assertThat(error.getFrom().toString()).isEqualTo("alice@localhost/pc");
        assertThat(error.getTo().toString()).isEqualTo("bob%irc.example@irc.localhost");
        assertThat(error.getError().getCondition()).isEqualTo(StanzaError.Condition.recipient_unavailable);
        assertThat(error.getError().getDescriptiveText()).contains("may not have arrived").endsWith(": \"see you at 5 #17\"");
    }

    @Test
    void aLongBodyIsQuotedShortWithoutSplittingACharacter() {
        String body = "x".repeat(79) + "😀" + "tail";
        InDoubtMessages.Reports reports = InDoubtMessages.of(List.of(message(Message.Type.normal, "carol*pbx.example@sip.localhost",
                "alice@localhost", body)), NOW);

        assertThat(reports.errors().get(0).getError().getDescriptiveText()).endsWith("\"" + "x".repeat(79) + "😀…\"");
    }

    @Test
    void roomMessagesBecomeOneNoticePerOccupantAndRoom() {
        List<Message> missed = List.of(
                message(Message.Type.groupchat, "#ferry%irc.example@irc.localhost/bob", "alice@localhost/pc", "one"),
                message(Message.Type.groupchat, "#ferry%irc.example@irc.localhost/carol", "alice@localhost/pc", "two"),
                message(Message.Type.groupchat, "#ferry%irc.example@irc.localhost/bob", "dave@localhost/phone", "one"),
                message(Message.Type.groupchat, "#other%irc.example@irc.localhost/bob", "alice@localhost/pc", "three"));

        InDoubtMessages.Reports reports = InDoubtMessages.of(missed, NOW);

        assertThat(reports.errors()).as("nobody on IRC is told about copies of a channel line").isEmpty();
        assertThat(reports.notices()).extracting(m -> m.getFrom() + " -> " + m.getTo() + ": " + m.getBody().substring(0, m.getBody().indexOf(" of this room")))
                .containsExactly(
                        "#ferry%irc.example@irc.localhost -> alice@localhost/pc: 2 messages",
                        "#ferry%irc.example@irc.localhost -> dave@localhost/phone: 1 message",
                        "#other%irc.example@irc.localhost -> alice@localhost/pc: 1 message");
        assertThat(reports.notices()).allMatch(m -> m.getType() == Message.Type.groupchat && m.getBody().contains("just before 11:02:04 UTC")
                && m.getBody().contains("archive"));
    }

    @Test
    void errorsAreNeverAnswered() {
        Message error = StanzaBuilder.buildMessage("e1").ofType(Message.Type.error)
                .from(JidCreate.fromOrThrowUnchecked("bob%irc.example@irc.localhost"))
                .to(JidCreate.fromOrThrowUnchecked("alice@localhost")).build();

        InDoubtMessages.Reports reports = InDoubtMessages.of(List.of(error), NOW);

        assertThat(reports.errors()).isEmpty();
        assertThat(reports.notices()).isEmpty();
    }
}
