package dev.ferry.bridge.e2e.fault;

import dev.ferry.bridge.e2e.PeerScript;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Ferry as an operator runs it — {@code ferry run} in a JVM of its own (the test's classpath,
 * which holds the same build) — so a test can kill it with SIGKILL and start it again on the
 * same store. Its output goes to {@code log}; readiness is read from {@code /health}.
 */
final class FerryProcess implements AutoCloseable {

    private final Process process;
    private final int httpPort;

    private FerryProcess(Process process, int httpPort) {
        this.process = process;
        this.httpPort = httpPort;
    }

    /** Starts {@code ferry run} with {@code env} (HTTP on {@code httpPort}) and waits until every component link is up. */
    static FerryProcess start(Map<String, String> env, int httpPort, Path log, Duration timeout) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "dev.ferry.bridge.cli.FerryCommand", "run", "--config",
                PeerScript.repoRoot().resolve("config/ferry.yaml").toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        pb.environment().put("FERRY_HTTP_LISTEN", "127.0.0.1:" + httpPort);
        FerryProcess ferry = new FerryProcess(pb.start(), httpPort);
        try {
            ferry.awaitAllLinksUp(timeout);
        } catch (Exception | Error e) {
            ferry.kill9();
            throw e;
        }
        return ferry;
    }

    private void awaitAllLinksUp(Duration timeout) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long end = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new AssertionError("ferry run exited with " + process.exitValue() + " before its links were up");
            }
            try {
                last = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).body();
                if (last.contains("\"status\":\"UP\"")) {
                    return;
                }
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Ferry's links not up within " + timeout + ": " + last);
    }

    /** SIGKILL, and waits until the process is gone. */
    void kill9() throws InterruptedException {
        process.destroyForcibly(); // SIGKILL on Linux
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            throw new AssertionError("Ferry (pid " + process.pid() + ") survived SIGKILL for 20 s");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                kill9();
            }
        }
    }
}
