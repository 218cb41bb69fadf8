package dev.ferry.mappings.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Nothing lost" against kill -9: a child JVM enqueues into an H2 file store and reports every
 * id once {@code enqueue} has returned; we SIGKILL it mid-stream and expect every reported entry,
 * in order, after reopening.
 */
class OutboxCrashTest {

    @TempDir
    Path dir;

    @Test
    void acknowledgedEntriesSurviveKillMinus9() throws Exception {
        Process child = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                OutboxCrashChild.class.getName(), dir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        List<Long> acknowledged = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (acknowledged.size() < 300 && (line = out.readLine()) != null) {
                if (line.startsWith(OutboxCrashChild.ACK)) { // other lines are the child's log
                    acknowledged.add(Long.parseLong(line.substring(OutboxCrashChild.ACK.length()).strip()));
                }
            }
            child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no H2 close
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertThat(acknowledged).hasSize(300);

        try (Store store = Store.open(StoreSettings.h2(dir))) {
            List<Long> stored = store.outbox().peek("irc.localhost", 100_000).stream().map(OutboxEntry::id).toList();
            assertThat(stored).startsWith(acknowledged.toArray(Long[]::new));
            assertThat(stored).isSorted();
            // Ids come from a cache of 1,000 (V5): the reservation the killed run used was committed, so a new entry goes after.
            long next = store.outbox().enqueue("irc.localhost", "after the crash");
            assertThat(next).isGreaterThan(stored.get(stored.size() - 1));
        }
    }
}
