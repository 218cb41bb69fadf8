package dev.ferry.bridge.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@code src/peers/<peer>.sh} verb for an isolated test instance (own name, ports and
 * state dir), so end-to-end tests never touch the demo's servers.
 */
public final class PeerScript {

    private final String peer;
    private final Map<String, String> env;

    public PeerScript(String peer, String instance, Map<String, String> env) {
        this.peer = peer;
        this.env = new HashMap<>(env);
        this.env.put("FERRY_PEER_NAME", instance);
    }

    public static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("src/peers"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("cannot find the repository root (src/peers) above " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    public void run(String verb) {
        String out = tryRun(verb);
        if (out != null) {
            throw new IllegalStateException(peer + ".sh " + verb + " failed:\n" + out);
        }
    }

    /**
     * Starts the instance from an empty state dir: a server's stored state (Prosody's offline
     * messages, rooms and rosters, ejabberd's database, a Postfix queue) outlives a run, and a
     * message a test's client left unacknowledged at disconnect would reach the next run first.
     */
    public void startFresh() {
        run("reset");
        run("start");
    }

    /** Null on success, else the script's output. */
    public String tryRun(String verb) {
        try {
            Path log = Files.createTempFile("ferry-peer-" + peer, ".log");
            ProcessBuilder pb = new ProcessBuilder(List.of("bash", repoRoot().resolve("src/peers/" + peer + ".sh").toString(), verb))
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "timed out after 120 s";
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            Files.deleteIfExists(log);
            return p.exitValue() == 0 ? null : out;
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
