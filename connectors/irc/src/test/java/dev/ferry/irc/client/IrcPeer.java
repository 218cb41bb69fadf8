package dev.ferry.irc.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/** A real IRC server started through its {@code src/peers/<name>.sh} script, as an isolated "junit" instance. */
public final class IrcPeer {

    final String script;
    final int port;
    private final String instance;

    IrcPeer(String script, int port) {
        this(script, port, "junit");
    }

    /** An instance of its own ({@code FERRY_PEER_NAME}), for a test class that must not share one. */
    public IrcPeer(String script, int port, String instance) {
        this.script = script;
        this.port = port;
        this.instance = instance;
    }

    public void start() {
        run("stop");
        String out = run("start");
        if (!out.contains("started") && !out.contains("already running")) {
            fail(script + " start failed (is it installed? src/peers/" + script + ".sh install):\n" + out);
        }
    }

    /** This instance's state directory, where its script keeps config and test certificates. */
    public Path stateDir() {
        String root = System.getenv().getOrDefault("FERRY_PEERS_DIR", "/tmp/ferry-peers");
        return Path.of(root, script + "-" + instance);
    }

    public void stop() {
        run("stop");
    }

    private String run(String verb) {
        Path root = repoRoot();
        ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("src/peers/" + script + ".sh").toString(), verb)
                .redirectErrorStream(true);
        pb.environment().put("FERRY_PEER_NAME", instance);
        pb.environment().put("FERRY_IRC_PORT", Integer.toString(port));
        pb.environment().put("FERRY_IRC_PING_TIMEOUT", "3");
        pb.environment().put("FERRY_IRC_PONG_TIMEOUT", "5");
        try {
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            if (p.exitValue() != 0 && !"stop".equals(verb)) {
                fail(script + " " + verb + " exited " + p.exitValue() + ":\n" + out);
            }
            return out;
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("cannot run " + script + " " + verb, e);
        }
    }

    static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("src/peers/lib.sh"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new AssertionError("src/peers/lib.sh not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    @Override
    public String toString() {
        return script + "@" + port + " " + List.of();
    }
}
