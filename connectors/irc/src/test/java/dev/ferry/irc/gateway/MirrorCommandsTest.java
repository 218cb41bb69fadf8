package dev.ferry.irc.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.mappings.store.RoomMirror;
import dev.ferry.mappings.store.Store;
import dev.ferry.mappings.store.StoreSettings;
import dev.ferry.spi.Delivery;
import dev.ferry.spi.Failure;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The admins' mirror commands against a real (H2) store: what is refused changes nothing. */
class MirrorCommandsTest {

    @TempDir
    Path dir;
    Store store;
    final List<RoomMirror> started = new ArrayList<>();
    final List<Long> stopped = new ArrayList<>();
    MirrorCommands commands;

    @BeforeEach
    void setUp() {
        store = Store.open(StoreSettings.h2(dir));
        commands = new MirrorCommands(store.mirrors(), started::add, id -> stopped.add(id));
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    @Test
    void addStartsAtOnceListShowsItRemoveStopsIt() {
        Delivery added = commands.run(MirrorCommands.ADD, Map.of("server", "irc.libera.chat", "channel", "#ferry",
                "room", "ferry@conference.example.org"));
        assertThat(added.isFailed()).isFalse();
        assertThat(started).singleElement().satisfies(m -> {
            assertThat(m.channel()).isEqualTo("#ferry");
            assertThat(m.botNick()).isEqualTo(MirrorCommands.DEFAULT_NICK);
        });
        long id = started.get(0).id();
        assertThat(commands.run(MirrorCommands.LIST, Map.of()).detail())
                .isEqualTo(id + ": #ferry on irc.libera.chat <-> ferry@conference.example.org as ferry-relay");

        assertThat(commands.run(MirrorCommands.REMOVE, Map.of("id", Long.toString(id))).isFailed()).isFalse();
        assertThat(stopped).containsExactly(id);
        assertThat(store.mirrors().list()).isEmpty();
        assertThat(commands.run(MirrorCommands.LIST, Map.of()).detail()).isEqualTo("No channel is mirrored.");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no server          | ''              | #ferry      | ferry@conference.example.org | ferry-relay",
            "channel w/o prefix | irc.libera.chat | ferry       | ferry@conference.example.org | ferry-relay",
            "CR/LF in channel   | irc.libera.chat | '#a\r\nQUIT' | ferry@conference.example.org | ferry-relay",
            "room w/o service   | irc.libera.chat | #ferry      | ferry                        | ferry-relay",
            "room with resource | irc.libera.chat | #ferry      | ferry@conference.example.org/x | ferry-relay",
            "LF in room         | irc.libera.chat | #ferry      | 'ferry@conf\nBcc: x'          | ferry-relay",
            "space in nick      | irc.libera.chat | #ferry      | ferry@conference.example.org | 'ferry relay'"})
    void badInputIsRefusedAndNothingStarts(String name, String server, String channel, String room, String nick) {
        Delivery d = commands.run(MirrorCommands.ADD, Map.of("server", server, "channel", channel, "room", room, "nick", nick));
        assertThat(d.isFailed()).as(name).isTrue();
        assertThat(d.failure()).contains(Failure.BAD_REQUEST);
        assertThat(started).isEmpty();
        assertThat(store.mirrors().list()).isEmpty();
    }

    @Test
    void aChannelIsMirroredOnceAndUnknownIdsAreNamed() {
        Map<String, String> mirror = Map.of("server", "irc.libera.chat", "channel", "#ferry", "room", "ferry@conference.example.org");
        commands.run(MirrorCommands.ADD, mirror);
        Delivery twice = commands.run(MirrorCommands.ADD, mirror);
        assertThat(twice.failure()).contains(Failure.NOT_ACCEPTABLE);
        assertThat(twice.detail()).contains("already mirrored");
        assertThat(started).hasSize(1);
        assertThat(commands.run(MirrorCommands.REMOVE, Map.of("id", "999")).failure()).contains(Failure.ITEM_NOT_FOUND);
        assertThat(commands.run(MirrorCommands.REMOVE, Map.of("id", "x; DROP")).failure()).contains(Failure.BAD_REQUEST);
    }
}
