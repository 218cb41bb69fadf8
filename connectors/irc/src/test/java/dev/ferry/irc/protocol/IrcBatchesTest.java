package dev.ferry.irc.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * IRCv3 batches, kept whole for the types asked for. The replay is the one InspIRCd 3.15 sent a
 * client joining a +H channel (captures/inspircd/chathistory.txt, capture-history.py).
 */
class IrcBatchesTest {

    private final IrcBatches batches = new IrcBatches(Set.of("chathistory"));
    private final List<IrcBatches.Batch> closed = new ArrayList<>();
    private final List<IrcMessage> passed = new ArrayList<>();

    @Test
    void inspircdsReplayOnJoinIsOneBatchAndEverythingElsePasses() throws IOException {
        for (String line : captured()) {
            IrcMessage m = IrcMessage.parse(line);
            if (!batches.take(m, closed::add)) {
                passed.add(m);
            }
        }
        assertThat(passed).extracting(IrcMessage::command).containsExactly("JOIN", "332", "333", "353", "366");
        assertThat(closed).hasSize(1);
        IrcBatches.Batch batch = closed.get(0);
        assertThat(batch.type()).isEqualTo("chathistory");
        assertThat(batch.params()).containsExactly("#history");
        assertThat(batch.dropped()).isZero();
        assertThat(batch.lines()).extracting(m -> m.params().get(1)).containsExactly(
                "plain words", "\u0001ACTION waves\u0001", "a notice to the channel",
                "\u0002bold\u0002 and \u001ditalic\u001d and \u000304red\u0003", "emoji \uD83D\uDE00 and caf\u00e9",
                "last line", "from alice");
        assertThat(batch.lines()).allSatisfy(m -> assertThat(m.tags()).containsKeys("time", "msgid", "batch"));
    }

    @Test
    void linesOfOtherBatchTypesPassAndTheirBatchLinesAreTaken() {
        assertThat(take("@time=2026-11-27T07:23:54.373Z :irc.example BATCH +ns netsplit irc.a irc.b")).isTrue();
        assertThat(take("@batch=ns :alice!a@h QUIT :irc.a irc.b")).isFalse();
        assertThat(take(":irc.example BATCH :-ns")).isTrue();
        assertThat(closed).isEmpty();
    }

    @Test
    void aHistoryBatchInsideALabelledResponseIsKeptWhole() {
        take(":irc.example BATCH +outer labeled-response");
        take("@batch=outer :irc.example BATCH +inner chathistory #chan");
        take("@batch=inner;time=2026-11-27T07:23:50.000Z :bob!b@h PRIVMSG #chan :old");
        take(":irc.example BATCH -inner");
        take(":irc.example BATCH -outer");
        assertThat(closed).singleElement().satisfies(b -> assertThat(b.lines()).extracting(m -> m.params().get(1)).containsExactly("old"));
    }

    @Test
    void theTypeIsComparedWithoutCase() {
        take(":irc.example BATCH +1 ChatHistory #chan");
        take(":irc.example BATCH -1");
        assertThat(closed).singleElement().satisfies(b -> assertThat(b.type()).isEqualTo("ChatHistory"));
    }

    @Test
    void aServerThatSendsTooMuchIsCountedNotKept() {
        take(":irc.example BATCH +big chathistory #chan");
        for (int i = 0; i < IrcBatches.MAX_LINES + 5; i++) {
            assertThat(take("@batch=big :bob!b@h PRIVMSG #chan :line " + i)).isTrue();
        }
        take(":irc.example BATCH -big");
        IrcBatches.Batch b = closed.get(0);
        assertThat(b.lines()).hasSize(IrcBatches.MAX_LINES);
        assertThat(b.dropped()).isEqualTo(5);
        assertThat(b.lines().get(0).params().get(1)).isEqualTo("line 0");
    }

    @Test
    void atMostSoManyBatchesAreKeptOpenAtOnce() {
        for (int i = 0; i < IrcBatches.MAX_OPEN + 1; i++) {
            take(":irc.example BATCH +r" + i + " chathistory #c" + i);
        }
        // the one past the limit is not collected: its lines pass as live ones
        assertThat(take("@batch=r" + IrcBatches.MAX_OPEN + " :bob!b@h PRIVMSG #c :x")).isFalse();
        assertThat(take("@batch=r0 :bob!b@h PRIVMSG #c :x")).isTrue();
    }

    @Test
    void anEndWithoutAStartAndAnUnknownReferenceChangeNothing() {
        assertThat(take(":irc.example BATCH -nothing")).isTrue();
        assertThat(take("@batch=nothing :bob!b@h PRIVMSG #c :x")).isFalse();
        assertThat(take(":irc.example BATCH")).isTrue();
        assertThat(closed).isEmpty();
    }

    @Test
    void aNewConnectionForgetsTheOldOnesReferences() {
        take(":irc.example BATCH +1 chathistory #chan");
        batches.clear();
        assertThat(take("@batch=1 :bob!b@h PRIVMSG #chan :x")).isFalse();
        take(":irc.example BATCH -1");
        assertThat(closed).isEmpty();
    }

    private boolean take(String line) {
        return batches.take(IrcMessage.parse(line), closed::add);
    }

    static List<String> captured() throws IOException {
        try (InputStream in = IrcBatchesTest.class.getResourceAsStream("/captures/inspircd/chathistory.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        }
    }
}
