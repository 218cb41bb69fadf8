package dev.ferry.irc.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.mappings.store.ArchiveRepository;
import dev.ferry.mappings.store.ArchivedMessage;
import dev.ferry.spi.Address;
import dev.ferry.spi.Message;
import dev.ferry.spi.RoomEvent;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HistoryWaitTest {

    private static final Instant T = Instant.parse("2026-11-27T10:00:00.123456789Z");
    private static long ids;

    @Test
    void aLiveLineInTheReadIsLeftOutOfTheHistoryByTheRowTheArchiveMadeOfIt() {
        // The archive keeps microseconds and no empty message id: the row still matches its line.
        ArchiveRepository.Entry live = entry("bob", "1", "", T);
        List<ArchivedMessage> read = List.of(row("bob", "before", null, T.minusSeconds(5)), row("bob", "1", null, T));

        assertThat(HistoryWait.withoutLive(read, List.of(live), 20)).extracting(ArchivedMessage::body).containsExactly("before");
    }

    @Test
    void onlyTheSameLineIsLeftOut() {
        List<ArchivedMessage> read = List.of(row("bob", "1", null, T), row("carol", "1", null, T), row("bob", "1", "m1", T),
                row("bob", "1", null, T.plusMillis(1)));

        assertThat(HistoryWait.withoutLive(read, List.of(entry("bob", "1", null, T)), 20)).extracting(ArchivedMessage::nick,
                ArchivedMessage::messageId, ArchivedMessage::sentAt).containsExactly(
                org.assertj.core.groups.Tuple.tuple("carol", null, T.truncatedTo(ChronoUnit.MICROS)),
                org.assertj.core.groups.Tuple.tuple("bob", "m1", T.truncatedTo(ChronoUnit.MICROS)),
                org.assertj.core.groups.Tuple.tuple("bob", null, T.plusMillis(1).truncatedTo(ChronoUnit.MICROS)));
    }

    @Test
    void aLineSaidTwiceAndSeenLiveOnceStaysOnceInTheHistory() {
        ArchivedMessage first = row("bob", "again", null, T);
        ArchivedMessage second = row("bob", "again", null, T);

        assertThat(HistoryWait.withoutLive(List.of(first, second), List.of(entry("bob", "again", null, T)), 20))
                .containsExactly(second);
    }

    @Test
    void theNewestOfWhatIsLeftAreKeptUpToWhatWasAskedFor() {
        List<ArchivedMessage> read = List.of(row("bob", "a", null, T), row("bob", "b", null, T.plusSeconds(1)),
                row("bob", "c", null, T.plusSeconds(2)), row("bob", "d", null, T.plusSeconds(3)));

        assertThat(HistoryWait.withoutLive(read, List.of(entry("bob", "d", null, T.plusSeconds(3))), 2))
                .extracting(ArchivedMessage::body).containsExactly("b", "c");
    }

    @Test
    void aLiveLineNotYetInTheArchiveTakesNothingOut() {
        List<ArchivedMessage> read = List.of(row("bob", "a", null, T));

        assertThat(HistoryWait.withoutLive(read, List.of(entry("bob", "b", null, T)), 20)).containsExactlyElementsOf(read);
    }

    @Test
    void heldLinesComeOutInOrderWhenLetGoOrWhenTheHoldIsFull() {
        HistoryWait wait = new HistoryWait(new RoomEvent.History(20, Instant.EPOCH));
        assertThat(wait.hold(message("1"))).isEmpty();
        assertThat(wait.hold(message("2"))).isEmpty();
        assertThat(wait.letGo()).extracting(Message::body).containsExactly("1", "2");
        assertThat(wait.letGo()).isEmpty();
        assertThat(wait.hold(message("3"))).as("let go: shown at once").extracting(Message::body).containsExactly("3");

        HistoryWait full = new HistoryWait(new RoomEvent.History(20, Instant.EPOCH));
        List<Message> shown = new ArrayList<>();
        for (int i = 1; i <= HistoryWait.MAX_HELD + 1; i++) {
            shown.addAll(full.hold(message(Integer.toString(i))));
        }
        assertThat(shown).extracting(Message::body).hasSize(HistoryWait.MAX_HELD + 1).startsWith("1", "2").endsWith("1000", "1001");
        assertThat(full.letGo()).isEmpty();
    }

    @Test
    void linesAreRecordedUntilTheHistoryHasBeenRead() {
        HistoryWait wait = new HistoryWait(new RoomEvent.History(20, Instant.EPOCH));
        ArchiveRepository.Entry one = entry("bob", "1", null, T);
        assertThat(wait.record(one)).isTrue();
        assertThat(wait.recorded()).isEqualTo(1);

        assertThat(wait.finish()).containsExactly(one);
        assertThat(wait.record(entry("bob", "2", null, T))).as("the wait is over").isFalse();
        assertThat(wait.finish()).isEmpty();
    }

    private static ArchiveRepository.Entry entry(String nick, String body, String id, Instant sent) {
        return new ArchiveRepository.Entry("alice@localhost", "irc", "#c%irc.example", nick, body, id, sent);
    }

    private static ArchivedMessage row(String nick, String body, String id, Instant sent) {
        return new ArchivedMessage(++ids, "alice@localhost", "irc", "#c%irc.example", nick, body, id, sent.truncatedTo(ChronoUnit.MICROS));
    }

    private static Message message(String body) {
        return new Message(new Address("#c%irc.example", "irc.localhost", "bob"), new Address("alice", "localhost", "pc"),
                Message.Kind.GROUPCHAT, body, Optional.empty(), Optional.empty(), "", Optional.empty(), List.of(), T);
    }
}
