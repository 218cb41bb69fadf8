package dev.ferry.bridge.e2e;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * End-to-end tests need real peers. With {@code FERRY_E2E=1} (the README's test command sets it)
 * a missing peer fails the test; without it the test is skipped with the reason.
 */
public final class E2E {

    private E2E() {
    }

    public static boolean required() {
        return "1".equals(System.getenv("FERRY_E2E"));
    }

    public static void requireCommand(String command) {
        boolean present = new java.io.File("/usr/bin/" + command).canExecute()
                || new java.io.File("/usr/sbin/" + command).canExecute();
        if (!present && required()) {
            throw new IllegalStateException(command + " is not installed; run src/peers/install.sh");
        }
        assumeTrue(present, command + " is not installed (set FERRY_E2E=1 to make this a failure)");
    }

    /** Removes a scratch directory a test made outside JUnit's {@code @TempDir} (peers that run as other users need them under /tmp). */
    public static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove " + dir, e);
        }
    }
}
