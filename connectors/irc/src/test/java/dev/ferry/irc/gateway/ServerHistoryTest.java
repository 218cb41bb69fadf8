package dev.ferry.irc.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.irc.client.Registered;
import dev.ferry.irc.protocol.IrcBatches;
import dev.ferry.irc.protocol.IrcMessage;
import dev.ferry.mappings.store.ArchivedMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The server's history replay made into archive lines, and what the archive already has. The
 * replay is the one InspIRCd 3.15 sent on join to a +H channel (captures/inspircd/chathistory.txt).
 */
class ServerHistoryTest {

    private static final Instant T = Instant.parse("2026-11-27T07:23:50Z");

    @Test
    void theReplayReadsAsLiveLinesDo() throws IOException {
        List<ServerHistory.Line> lines = ServerHistory.lines(replay(), "carol");
        assertThat(lines).extracting(ServerHistory.Line::nick)
                .containsExactly("bob", "bob", "bob", "bob", "bob", "bob", "alice");
        assertThat(lines).extracting(ServerHistory.Line::body).containsExactly(
                "plain words", "/me waves", "[notice] a notice to the channel", "*bold* and _italic_ and red",
                "emoji \uD83D\uDE00 and caf\u00e9", "last line", "from alice");
        assertThat(lines.get(0).messageId()).isEqualTo("361~1795763989~13");
        assertThat(lines.get(0).sentAt()).isEqualTo(T);
        assertThat(lines.get(6).sentAt()).isEqualTo(T.plusSeconds(1));
    }

    @Test
    void theUsersOwnLinesAreNotTakenFerryArchivedThemWhenSent() throws IOException {
        assertThat(ServerHistory.lines(replay(), "ALICE")).extracting(ServerHistory.Line::nick).doesNotContain("alice").hasSize(6);
    }

    @Test
    void ctcpRequestsOtherLinesAndLinesWithoutATimeAreNotHistory() {
        List<IrcMessage> batch = List.of(
                IrcMessage.parse("@time=2026-11-27T07:23:50.000Z;batch=1 :bob!b@h PRIVMSG #c :\u0001VERSION\u0001"),
                IrcMessage.parse("@batch=1 :bob!b@h PRIVMSG #c :no time"),
                IrcMessage.parse("@time=yesterday;batch=1 :bob!b@h PRIVMSG #c :unreadable time"),
                IrcMessage.parse("@time=2026-11-27T07:23:50.000Z;batch=1 :bob!b@h TOPIC #c :not a message"),
                IrcMessage.parse("@time=2026-11-27T07:23:50.000Z;batch=1 :bob!b@h PRIVMSG #c :kept"));
        assertThat(ServerHistory.lines(batch, "carol")).extracting(ServerHistory.Line::body).containsExactly("kept");
    }

    @Test
    void aLineArchivedLiveIsKnownByItsMessageIdThoughItsTimeHadMilliseconds() throws IOException {
        List<ServerHistory.Line> lines = ServerHistory.lines(replay(), "carol");
        List<ArchivedMessage> archived = List.of(row("bob", "plain words", "361~1795763989~13", T.plusMillis(431)),
                row("bob", "last line", "361~1795763989~19", T.plusMillis(1_208)));
        assertThat(ServerHistory.unseen(lines, archived)).extracting(ServerHistory.Line::body).containsExactly(
                "/me waves", "[notice] a notice to the channel", "*bold* and _italic_ and red",
                "emoji \uD83D\uDE00 and caf\u00e9", "from alice");
    }

    @Test
    void withoutMessageIdsTheSameNickTextAndMomentIsTheSameLine() {
        List<ServerHistory.Line> replayed = List.of(line("bob", "hi", null, T), line("Bob", "again", null, T.plusSeconds(10)));
        assertThat(ServerHistory.unseen(replayed, List.of(row("BOB", "hi", null, T.plusMillis(1_900)),
                row("bob", "again", null, T.plusSeconds(13))))).extracting(ServerHistory.Line::body).containsExactly("again");
    }

    @Test
    void twoLinesWithTheSameTextAreTwoLinesAndEachRowStandsForOne() {
        List<ServerHistory.Line> replayed = List.of(line("bob", "ok", null, T), line("bob", "ok", null, T.plusMillis(500)));
        assertThat(ServerHistory.unseen(replayed, List.of(row("bob", "ok", null, T)))).hasSize(1);
        assertThat(ServerHistory.unseen(replayed, List.of())).hasSize(2);
    }

    @Test
    void differentMessageIdsAreDifferentMessagesWhateverTheyHaveInCommon() {
        List<ServerHistory.Line> replayed = List.of(line("bob", "ok", "id-2", T));
        assertThat(ServerHistory.unseen(replayed, List.of(row("bob", "ok", "id-1", T)))).hasSize(1);
    }

    @ParameterizedTest(name = "{0} / CHATHISTORY={1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            // Ergo's and soju's offer: the draft capability, with batch and server-time, ISUPPORT CHATHISTORY=<limit>
            "draft/chathistory batch server-time | 1000 | 100",
            "draft/chathistory batch server-time | 50   | 50",
            "draft/chathistory batch server-time | 0    | 100",
            "draft/chathistory batch server-time | null | 100",
            "draft/chathistory batch server-time | many | 100",
            // without its companions the replies could not be read; InspIRCd 3 does not offer it at all
            "draft/chathistory server-time       | 100  | 0",
            "draft/chathistory batch             | 100  | 0",
            "batch server-time message-tags      | 100  | 0",
    })
    void aServerThatTakesChathistoryIsAskedForAtMostItsLimit(String caps, String limit, int asked) {
        Map<String, String> isupport = limit == null ? Map.of() : Map.of("CHATHISTORY", limit);
        assertThat(ServerHistory.requestLimit(new Registered("alice", Set.of(caps.split(" ")), isupport)))
                .isEqualTo(asked);
    }

    @Test
    void theRequestAsksForTheLatestLinesWithoutABound() {
        assertThat(ServerHistory.request("#ergo", 100).toLine()).isEqualTo("CHATHISTORY LATEST #ergo * 100");
    }

    private static List<IrcMessage> replay() throws IOException {
        List<IrcBatches.Batch> closed = new ArrayList<>();
        IrcBatches batches = new IrcBatches(Set.of("chathistory"));
        try (InputStream in = ServerHistoryTest.class.getResourceAsStream("/captures/inspircd/chathistory.txt")) {
            new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank())
                    .forEach(l -> batches.take(IrcMessage.parse(l), closed::add));
        }
        return closed.get(0).lines();
    }

    private static ServerHistory.Line line(String nick, String body, String id, Instant at) {
        return new ServerHistory.Line(nick, body, id, at);
    }

    private static ArchivedMessage row(String nick, String body, String id, Instant at) {
        return new ArchivedMessage(1, "alice@localhost", "irc", "#history%127.0.0.1", nick, body, id, at);
    }
}
