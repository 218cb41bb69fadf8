package dev.ferry.bridge.xmpp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.spi.Address;
import dev.ferry.spi.RoomEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.packet.StanzaError.Condition;
import org.jivesoftware.smackx.ping.packet.Ping;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;

class OccupantCheckTest {

    final OccupantCheck check = new OccupantCheck();
    final List<Presence> leaves = new ArrayList<>();

    static Jid jid(String s) {
        return JidCreate.fromOrThrowUnchecked(s);
    }

    static RoomEvent event(RoomEvent.Kind kind) {
        Address nobody = Address.domain("irc.localhost");
        return kind == RoomEvent.Kind.JOIN
                ? new RoomEvent(nobody, nobody, kind, Optional.empty(), Optional.empty(), RoomEvent.Role.PARTICIPANT,
                        RoomEvent.Affiliation.NONE, true, Optional.empty())
                : RoomEvent.leave(nobody, nobody, Optional.empty(), true);
    }

    /** Answers each ping with the error the table gives for its target, or a result. */
    void checkWith(Map<String, Condition> errors) {
        check.check(ping -> {
            Condition c = errors.get(ping.getTo().toString());
            IQ answer = c == null ? IQ.createResultIQ(ping) : IQ.createErrorResponse(ping, StanzaError.getBuilder(c).build());
            return CompletableFuture.completedFuture(answer);
        }, leaves::add);
    }

    @Test
    void whoTheServerSaysIsGoneLeavesEveryRoomTheOthersStay() {
        check.seen(event(RoomEvent.Kind.JOIN), jid("alice@localhost/pc"), jid("#a%irc.example@irc.localhost/alice"));
        check.seen(event(RoomEvent.Kind.JOIN), jid("alice@localhost/pc"), jid("#b%irc.example@irc.localhost/alice"));
        check.seen(event(RoomEvent.Kind.JOIN), jid("dave@localhost/phone"), jid("#a%irc.example@irc.localhost/dave"));
        check.seen(event(RoomEvent.Kind.JOIN), jid("erin@localhost/old"), jid("#a%irc.example@irc.localhost/erin"));

        checkWith(Map.of("alice@localhost/pc", Condition.service_unavailable,
                "erin@localhost/old", Condition.feature_not_implemented)); // a client without ping support is there

        assertThat(leaves).extracting(p -> p.getType() + " " + p.getFrom() + " -> " + p.getTo()).containsExactlyInAnyOrder(
                "unavailable alice@localhost/pc -> #a%irc.example@irc.localhost/alice",
                "unavailable alice@localhost/pc -> #b%irc.example@irc.localhost/alice");
        assertThat(check.users()).isEqualTo(2);
    }

    @Test
    void aLeaveOrARefusedJoinIsForgotten() {
        check.seen(event(RoomEvent.Kind.JOIN), jid("alice@localhost/pc"), jid("#a%irc.example@irc.localhost/alice"));
        check.seen(event(RoomEvent.Kind.LEAVE), jid("alice@localhost/pc"), jid("#a%irc.example@irc.localhost/alice"));
        check.seen(event(RoomEvent.Kind.JOIN), jid("dave@localhost/phone"), jid("#a%irc.example@irc.localhost/dave"));
        check.left(jid("dave@localhost/phone"), jid("#a%irc.example@irc.localhost/dave"));
        assertThat(check.users()).isZero();

        checkWith(Map.of());
        assertThat(leaves).isEmpty();
    }

    @Test
    void pingsGoInBatchesEachAfterTheLastWasAnswered() {
        for (int n = 0; n < OccupantCheck.BATCH * 2 + 50; n++) {
            check.seen(event(RoomEvent.Kind.JOIN), jid("u" + n + "@localhost/pc"), jid("#a%irc.example@irc.localhost/u" + n));
        }
        List<CompletableFuture<IQ>> answers = new ArrayList<>();
        check.check(ping -> {
            CompletableFuture<IQ> answer = new CompletableFuture<>();
            answers.add(answer);
            return answer;
        }, leaves::add);
        assertThat(answers).hasSize(OccupantCheck.BATCH);
        answers.subList(0, OccupantCheck.BATCH - 1).forEach(a -> a.complete(null));
        assertThat(answers).as("one answer still missing").hasSize(OccupantCheck.BATCH);
        answers.get(OccupantCheck.BATCH - 1).completeExceptionally(new java.util.concurrent.TimeoutException());
        assertThat(answers).hasSize(OccupantCheck.BATCH * 2);
        answers.subList(OccupantCheck.BATCH, OccupantCheck.BATCH * 2).forEach(a -> a.complete(null));
        assertThat(answers).hasSize(OccupantCheck.BATCH * 2 + 50);
    }

    @Test
    void thePingComesFromTheRoom() {
        check.seen(event(RoomEvent.Kind.JOIN), jid("alice@localhost/pc"), jid("#a%irc.example@irc.localhost/alice"));
        List<IQ> sent = new ArrayList<>();
        check.check(ping -> {
            sent.add(ping);
            return new CompletableFuture<>();
        }, leaves::add);
        assertThat(sent).singleElement().isInstanceOfSatisfying(Ping.class, p -> {
            assertThat(p.getFrom().toString()).isEqualTo("#a%irc.example@irc.localhost/alice");
            assertThat(p.getTo().toString()).isEqualTo("alice@localhost/pc");
        });
    }
}
