package dev.ferry.bridge.e2e.fault;

import dev.ferry.bridge.e2e.E2E;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One run of a SIPVicious 0.3 tool (Debian {@code sipvicious}: {@code svmap}, {@code svwar},
 * {@code svcrack}) against a loopback target, bounded in time; its output is what a scanner learns.
 */
record SipviciousRun(int exitCode, String output, long millis) {

    static SipviciousRun run(Duration bound, String tool, String... args) throws IOException, InterruptedException {
        E2E.requireCommand(tool);
        List<String> cmd = new ArrayList<>();
        cmd.add(tool);
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("ferry-" + tool, ".out");
        long start = System.nanoTime();
        // HOME: sipvicious keeps session state under ~/.sipvicious; one per run keeps runs apart.
        Path home = Files.createTempDirectory("ferry-sipvicious");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("HOME", home.toString());
        Process p = pb.start();
        boolean finished = p.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        String text = Files.readString(out, StandardCharsets.UTF_8);
        Files.deleteIfExists(out);
        E2E.deleteTree(home);
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (!finished) {
            throw new AssertionError(tool + " did not finish within " + bound + ":\n" + text);
        }
        return new SipviciousRun(p.exitValue(), text, millis);
    }

}
