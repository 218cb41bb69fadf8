package dev.ferry.irc.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.irc.client.IrcPeer;
import dev.ferry.mappings.store.ArchivedMessage;
import dev.ferry.mappings.store.Store;
import dev.ferry.mappings.store.StoreSettings;
import dev.ferry.spi.Address;
import dev.ferry.spi.ConnectorContext;
import dev.ferry.spi.Delivery;
import dev.ferry.spi.Event;
import dev.ferry.spi.Message;
import dev.ferry.spi.RoomEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The IRC server's own history on join (IRCv3 chathistory batch), on Debian's InspIRCd 3 with
 * channel mode +H: what was said before the user came is their room history, in its place
 * (before the subject) and stamped with the server's times; at the next join, lines the user saw
 * live, their own lines and the replay are one history without a line twice. A mirror bot
 * joining such a channel does not relay the replay into its room.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerHistoryE2eTest {

    private static final int PORT = 16679;
    private static final Address ALICE = new Address("alice", "localhost", "pc");
    private static final Address ROOM = Address.of("#hist%127.0.0.1", "irc.localhost");
    private static final Address ALICE_IN_ROOM = new Address(ROOM.local(), ROOM.domain(), "alice");
    private final IrcPeer peer = new IrcPeer("inspircd", PORT, "junit-history");
    private final List<Event> seen = new CopyOnWriteArrayList<>();
    @TempDir
    static Path dir;
    private Store store;
    private IrcConnector irc;
    /** Makes the mirrored channel and its history, and stays until the relay bot has come. */
    private RawIrcUser carol;

    @BeforeAll
    void start() throws Exception {
        Assumptions.assumeTrue("1".equals(System.getenv("FERRY_E2E")), "set FERRY_E2E=1 to run against real IRC servers");
        peer.start();
        carol = new RawIrcUser(PORT, "carol");
        carol.send("JOIN #mirrored", "MODE #mirrored +H 100:1d", "PRIVMSG #mirrored :said before the bot came");
        carol.sync();
        store = Store.open(StoreSettings.h2(dir));
        store.mirrors().add("127.0.0.1", "#mirrored", "lounge@conference.localhost", "ferry-relay");
        irc = new IrcConnector();
        irc.start(new ConnectorContext("irc.localhost", Map.of("default-port", PORT, "tls", false), store), event -> {
            seen.add(event);
            return CompletableFuture.completedFuture(Delivery.delivered());
        });
        carol.readUntil("ferry-relay!"); // the bot joined and got the replay; the channel no longer needs carol
        carol.send("QUIT");
    }

    @AfterAll
    void stop() throws Exception {
        if (carol != null) {
            carol.close();
        }
        if (irc != null) {
            irc.close();
            store.close();
        }
        peer.stop();
    }

    @Test
    void whatWasSaidBeforeTheJoinIsTheRoomsHistoryOnceAndInItsPlace() throws Exception {
        try (RawIrcUser bob = new RawIrcUser(PORT, "bob")) {
            bob.send("JOIN #hist", "MODE #hist +H 100:1d", "TOPIC #hist :kept by the server",
                    "PRIVMSG #hist :first", "PRIVMSG #hist :\u0001ACTION waves\u0001", "NOTICE #hist :heads up");
            bob.sync();
            Instant before = Instant.now().minusSeconds(1);

            join(Optional.empty());
            List<Event> firstJoin = awaitSubject(1);
            assertThat(history(firstJoin)).extracting(Message::body).containsExactly("first", "/me waves", "[notice] heads up");
            assertThat(history(firstJoin)).allSatisfy(m -> {
                assertThat(m.from()).isEqualTo(new Address(ROOM.local(), ROOM.domain(), "bob"));
                assertThat(m.to()).isEqualTo(ALICE);
                assertThat(m.sent()).isAfterOrEqualTo(before.truncatedTo(ChronoUnit.SECONDS)).isBeforeOrEqualTo(Instant.now());
            });
            assertThat(selfJoinIndex(firstJoin)).as("history comes after the user's own presence").isLessThan(firstHistoryIndex(firstJoin));
            assertThat(live()).as("the replay is not taken for live lines").isEmpty();

            Thread.sleep(1_100); // the replay carries whole seconds: lines a second apart keep their order
            bob.send("PRIVMSG #hist :live one");
            Awaitility.await("bob's live line").atMost(Duration.ofSeconds(20)).until(() -> live().contains("live one"));
            Thread.sleep(1_100);
            assertThat(irc.open(ALICE).send(new Message(ALICE, ROOM, Message.Kind.GROUPCHAT, "mine", Optional.empty(), Optional.empty(),
                    "alice-1", Optional.empty(), List.of(), Instant.now())).toCompletableFuture().get(20, TimeUnit.SECONDS).isFailed())
                    .isFalse();
            irc.open(ALICE).send(RoomEvent.leave(ALICE, ALICE_IN_ROOM, Optional.empty(), true)).toCompletableFuture()
                    .get(20, TimeUnit.SECONDS);
            Thread.sleep(1_100);
            bob.send("PRIVMSG #hist :while away");
            bob.sync();

            int before2 = seen.size();
            join(Optional.of(new RoomEvent.History(50, Instant.EPOCH)));
            List<Event> upToSecondSubject = awaitSubject(2);
            List<Event> secondJoin = upToSecondSubject.subList(before2, upToSecondSubject.size());
            assertThat(history(secondJoin)).extracting(Message::body)
                    .containsExactly("first", "/me waves", "[notice] heads up", "live one", "mine", "while away");
            List<ArchivedMessage> archive = store.archive().recent("alice@localhost", "irc", ROOM.local(), 100, Instant.EPOCH);
            assertThat(archive).extracting(ArchivedMessage::body)
                    .containsExactly("first", "/me waves", "[notice] heads up", "live one", "mine", "while away");
            bob.send("QUIT");
        }
    }

    @Test
    void aMirrorBotDoesNotRelayTheChannelsHistoryAsIfItWereSaidNow() throws Exception {
        try (RawIrcUser dave = new RawIrcUser(PORT, "dave")) {
            dave.send("JOIN #mirrored");
            dave.readUntil(" 366 "); // in the channel, with the bot (it joined before carol left)
            dave.send("PRIVMSG #mirrored :said after the bot came");
            dave.sync();
        }
        Awaitility.await("the relayed line").atMost(Duration.ofSeconds(20)).until(() -> relayed().stream()
                .anyMatch(body -> body.endsWith("said after the bot came")));
        assertThat(relayed()).as("the +H replay the bot got at its join").noneMatch(body -> body.contains("said before the bot came"));
    }

    private List<String> relayed() {
        return seen.stream().filter(e -> e instanceof Message m && m.to().equals(Address.of("lounge", "conference.localhost")))
                .map(e -> ((Message) e).body()).toList();
    }

    private void join(Optional<RoomEvent.History> history) throws Exception {
        irc.open(ALICE).send(new RoomEvent(ALICE, ALICE_IN_ROOM, RoomEvent.Kind.JOIN, Optional.empty(), Optional.empty(),
                RoomEvent.Role.PARTICIPANT, RoomEvent.Affiliation.NONE, false, Optional.empty(), history))
                .toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    /** Everything seen until the subject has come {@code n} times. */
    private List<Event> awaitSubject(int n) {
        Awaitility.await("subject " + n).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> seen.stream().filter(e -> e instanceof RoomEvent r && r.kind() == RoomEvent.Kind.TOPIC).count() >= n);
        List<Event> upToSubject = new ArrayList<>();
        int subjects = 0;
        for (Event e : seen) {
            upToSubject.add(e);
            if (e instanceof RoomEvent r && r.kind() == RoomEvent.Kind.TOPIC && ++subjects == n) {
                break;
            }
        }
        return upToSubject;
    }

    private static List<Message> history(List<Event> events) {
        return events.stream().filter(e -> e instanceof Message m && m.delayed()).map(Message.class::cast).toList();
    }

    private List<String> live() {
        return seen.stream().filter(e -> e instanceof Message m && !m.delayed() && m.from().resource() != null
                && !"alice".equals(m.from().resource())).map(e -> ((Message) e).body()).toList();
    }

    private static int selfJoinIndex(List<Event> events) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i) instanceof RoomEvent r && r.self() && r.kind() == RoomEvent.Kind.JOIN) {
                return i;
            }
        }
        return -1;
    }

    private static int firstHistoryIndex(List<Event> events) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i) instanceof Message m && m.delayed()) {
                return i;
            }
        }
        return -1;
    }
}
