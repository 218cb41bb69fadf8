package dev.ferry.irc.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.irc.client.IrcPeer;
import dev.ferry.mappings.store.Store;
import dev.ferry.mappings.store.StoreSettings;
import dev.ferry.spi.Address;
import dev.ferry.spi.ConnectorContext;
import dev.ferry.spi.Delivery;
import dev.ferry.spi.Event;
import dev.ferry.spi.RoomEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * IRCv3 away-notify through the connector, on Debian's InspIRCd 3 (which offers the capability):
 * someone in the user's channel goes away and comes back; the user's room shows it.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AwayNotifyE2eTest {

    private static final int PORT = 16674;
    private final IrcPeer peer = new IrcPeer("inspircd", PORT, "junit-away");
    private final List<Event> seen = new CopyOnWriteArrayList<>();
    @TempDir
    static Path dir;
    private Store store;
    private IrcConnector irc;

    @BeforeAll
    void start() {
        Assumptions.assumeTrue("1".equals(System.getenv("FERRY_E2E")), "set FERRY_E2E=1 to run against real IRC servers");
        peer.start();
        store = Store.open(StoreSettings.h2(dir));
        irc = new IrcConnector();
        irc.start(new ConnectorContext("irc.localhost", Map.of("default-port", PORT, "tls", false), store), event -> {
            seen.add(event);
            return CompletableFuture.completedFuture(Delivery.delivered());
        });
    }

    @AfterAll
    void stop() {
        if (irc != null) {
            irc.close();
            store.close();
        }
        peer.stop();
    }

    @Test
    void awayAndBackReachTheRoom() throws Exception {
        Address alice = new Address("alice", "localhost", "pc");
        Address room = Address.of("#away%127.0.0.1", "irc.localhost");
        irc.open(alice).send(new RoomEvent(alice, new Address(room.local(), room.domain(), "alice"), RoomEvent.Kind.JOIN,
                Optional.empty(), Optional.empty(), RoomEvent.Role.PARTICIPANT, RoomEvent.Affiliation.NONE, false, Optional.empty()))
                .toCompletableFuture().get(20, java.util.concurrent.TimeUnit.SECONDS);
        await(e -> e instanceof RoomEvent r && r.self() && r.kind() == RoomEvent.Kind.JOIN, "alice's own join");

        try (RawIrcUser bob = new RawIrcUser(PORT, "bob")) {
            bob.send("JOIN #away");
            await(e -> e instanceof RoomEvent r && r.kind() == RoomEvent.Kind.JOIN && "bob".equals(r.from().resource()), "bob joins");

            bob.send("AWAY :gone to lunch");
            RoomEvent away = (RoomEvent) await(e -> e instanceof RoomEvent r && r.kind() == RoomEvent.Kind.AWAY
                    && r.text().isPresent(), "bob away");
            assertThat(away.from()).isEqualTo(new Address("#away%127.0.0.1", "irc.localhost", "bob"));
            assertThat(away.to()).isEqualTo(alice);
            assertThat(away.text()).contains("gone to lunch");
            assertThat(away.self()).isFalse();

            bob.send("AWAY");
            RoomEvent back = (RoomEvent) await(e -> e instanceof RoomEvent r && r.kind() == RoomEvent.Kind.AWAY
                    && r.text().isEmpty(), "bob back");
            assertThat(back.from().resource()).isEqualTo("bob");
            bob.send("QUIT");
        }
    }

    private Event await(Predicate<Event> what, String description) {
        return Awaitility.await(description).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> seen.stream().filter(what).findFirst(), Optional::isPresent).orElseThrow();
    }
}
