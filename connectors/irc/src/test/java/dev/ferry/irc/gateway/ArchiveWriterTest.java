package dev.ferry.irc.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.mappings.store.ArchiveRepository;
import dev.ferry.mappings.store.ArchivedMessage;
import dev.ferry.mappings.store.Store;
import dev.ferry.mappings.store.StoreSettings;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archive writer batches lines, yet a reader sees every line handed in before it asked, and closing loses none. */
class ArchiveWriterTest {

    static final Instant T0 = Instant.parse("2026-11-26T07:00:00Z");

    @TempDir
    Path dir;
    Store store;

    @BeforeEach
    void open() {
        store = Store.open(StoreSettings.h2(dir));
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    static ArchiveRepository.Entry line(String owner, int n) {
        return new ArchiveRepository.Entry(owner, "irc", "#ferry%irc.example.org", "rustle", "line " + n, null, T0.plusMillis(n));
    }

    @Test
    void recentSeesTheLinesAppendedJustBeforeIt() {
        try (ArchiveWriter writer = new ArchiveWriter(store.archive())) {
            for (int n = 1; n <= 3; n++) {
                writer.append(line("alice@localhost", n));
            }
            List<ArchivedMessage> recent = writer.recent("alice@localhost", "#ferry%irc.example.org", 10, T0.minusSeconds(1));
            assertThat(recent).extracting(ArchivedMessage::body).containsExactly("line 1", "line 2", "line 3");
            writer.append(line("alice@localhost", 4));
            assertThat(writer.recent("alice@localhost", "#ferry%irc.example.org", 1, T0.minusSeconds(1)))
                    .extracting(ArchivedMessage::body).containsExactly("line 4");
        }
    }

    @Test
    void closingWritesEveryQueuedLineAcrossManyBatches() {
        ArchiveWriter writer = new ArchiveWriter(store.archive());
        for (int n = 1; n <= 2500; n++) {
            writer.append(line("bob@localhost", n));
        }
        writer.close();
        List<ArchivedMessage> all = store.archive().recent("bob@localhost", "irc", "#ferry%irc.example.org", 5000, T0.minusSeconds(1));
        assertThat(all).hasSize(2500);
        assertThat(all.get(0).body()).isEqualTo("line 1");
        assertThat(all.get(2499).body()).isEqualTo("line 2500");
    }

    @Test
    void linesNobodyAsksForAreWrittenAfterTheLinger() {
        try (ArchiveWriter writer = new ArchiveWriter(store.archive())) {
            writer.append(line("carol@localhost", 1));
            writer.append(line("carol@localhost", 2));
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(store.archive().recent("carol@localhost", "irc", "#ferry%irc.example.org", 10, T0.minusSeconds(1)))
                            .extracting(ArchivedMessage::body).containsExactly("line 1", "line 2"));
        }
    }
}
