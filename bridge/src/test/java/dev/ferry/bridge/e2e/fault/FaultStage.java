package dev.ferry.bridge.e2e.fault;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ferry.bridge.config.ConfigLoader;
import dev.ferry.bridge.e2e.PeerScript;
import dev.ferry.bridge.runtime.FerryRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The real servers of one fault run — an isolated Prosody and ngIRCd started by src/peers on
 * ports of their own — and the environment that points Ferry at them, in-process or as a
 * separate process. Ferry's component link may go through a proxy ({@code componentPortForFerry}).
 */
final class FaultStage implements AutoCloseable {

    /**
     * FERRY_FAULT_PORT_BASE (unset: the ports as written) moves a fault test's ports to base + port % 100
     * and its peers to instances of their own, so a copy can run next to the suite in a range of 100 ports.
     */
    private static final String PORT_BASE = System.getenv("FERRY_FAULT_PORT_BASE");

    static final String DOMAIN = "localhost";
    static final String IRC_GATEWAY = "irc.localhost";

    final int c2sPort;
    final int componentPort;
    final int ircPort;
    final PeerScript prosody;
    final PeerScript ngircd;

    private FaultStage(String name, int c2sPort, int componentPort, int ircPort) {
        this.c2sPort = c2sPort;
        this.componentPort = componentPort;
        this.ircPort = ircPort;
        this.prosody = new PeerScript("prosody", name, Map.of(
                "FERRY_C2S_PORT", Integer.toString(c2sPort),
                "FERRY_COMPONENT_PORT", Integer.toString(componentPort),
                "FERRY_HTTP_PORT", Integer.toString(c2sPort + 58),
                "FERRY_XMPP_DOMAIN", DOMAIN));
        this.ngircd = new PeerScript("ngircd", name, Map.of("FERRY_IRC_PORT", Integer.toString(ircPort)));
    }

    /** A test's port, moved by FERRY_FAULT_PORT_BASE when set. */
    static int port(int port) {
        return PORT_BASE == null ? port : Integer.parseInt(PORT_BASE) + port % 100;
    }

    /** Starts Prosody and ngIRCd; a missing server fails with FERRY_E2E=1 and skips otherwise. */
    static FaultStage start(String name, int c2sPort, int componentPort, int ircPort) {
        requireCommand("prosody");
        requireCommand("ngircd");
        FaultStage stage = new FaultStage(PORT_BASE == null ? name : name + "-" + PORT_BASE, c2sPort, componentPort, ircPort);
        stage.prosody.startFresh();
        try {
            stage.ngircd.run("start");
        } catch (RuntimeException e) {
            stage.prosody.tryRun("stop");
            throw e;
        }
        return stage;
    }

    /**
     * Ferry's environment: the component link to {@code componentPortForFerry} (Prosody's port,
     * or a proxy in front of it), the store under {@code data}, IRC to the stage's ngIRCd without
     * TLS or pacing, puppets that stay while the run lasts, and SIP on {@code sipPort}.
     */
    Map<String, String> ferryEnv(int componentPortForFerry, Path data, int sipPort) {
        Map<String, String> env = ferryEnvWithoutIrc(componentPortForFerry, data, sipPort);
        env.put("FERRY_IRC_DEFAULT_PORT", Integer.toString(ircPort));
        env.put("FERRY_IRC_TLS", "false");
        env.put("FERRY_IRC_FLOOD_LINES_PER_SECOND", "0");
        env.put("FERRY_IRC_LINGER_SECONDS", "3600");
        return env;
    }

    /** Ferry's environment for a server on {@code componentPortForFerry}, with no IRC server of the stage's. */
    static Map<String, String> ferryEnvWithoutIrc(int componentPortForFerry, Path data, int sipPort) {
        Map<String, String> env = new HashMap<>();
        env.put("FERRY_XMPP_PORT", Integer.toString(componentPortForFerry));
        env.put("FERRY_STORE_URL", "jdbc:h2:file:" + data.resolve("ferry").toAbsolutePath());
        env.put("FERRY_STORE_KEY_FILE", data.resolve("ferry.key").toString());
        env.put("FERRY_HTTP_LISTEN", "127.0.0.1:0");
        env.put("FERRY_XMPP_PING_INTERVAL_SECONDS", "0");
        env.put("FERRY_SIP_LISTEN", "udp:127.0.0.1:" + sipPort + ",tcp:127.0.0.1:" + sipPort);
        env.put("FERRY_MAIL_LISTEN", "127.0.0.1:0");
        return env;
    }

    static FerryRuntime startFerry(Map<String, String> env) throws Exception {
        return new FerryRuntime(new ConfigLoader(env).read(PeerScript.repoRoot().resolve("config/ferry.yaml"))).start();
    }

    @Override
    public void close() {
        ngircd.tryRun("stop");
        prosody.tryRun("stop");
    }

    /**
     * Waits until every message sent in each tally is delivered or errored (or {@code timeout}
     * passes), then {@code linger} more so that late copies (duplicates) are counted too.
     */
    static void awaitSettled(java.time.Duration timeout, java.time.Duration linger, MessageTally... tallies)
            throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end
                && java.util.Arrays.stream(tallies).anyMatch(t -> t.settledCount() < t.sentCount())) {
            Thread.sleep(100);
        }
        Thread.sleep(linger.toMillis());
    }

    /** Waits until {@code link} is up on a connection newer than {@code connection}: Ferry noticed a fault and reconnected. */
    static void awaitNewConnection(dev.ferry.bridge.stream.ComponentLink link, long connection, java.time.Duration timeout)
            throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!(link.connectionNumber() > connection && link.isUp())) {
            if (System.nanoTime() > end) {
                throw new AssertionError("Ferry did not notice the fault and reconnect within " + timeout);
            }
            Thread.sleep(20);
        }
    }

    /** Waits until Ferry's component link for {@code domain} is up again. */
    static void awaitLinkUp(FerryRuntime ferry, String domain, java.time.Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!ferry.gateways().byDomain(domain).orElseThrow().stanzaLink().isUp()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("Ferry's " + domain + " link is not back within " + timeout);
            }
            Thread.sleep(50);
        }
    }

    /**
     * Writes counts of a run that {@link MessageTally} cannot assert as a whole (see the test for
     * why) to {@code target/fault-counts/<fault>.json}, next to the tallies' own files.
     */
    static void writeCounts(String fault, Map<String, ? extends Number> counts) throws java.io.IOException {
        StringBuilder json = new StringBuilder("{\"fault\":\"").append(fault).append('"');
        counts.forEach((k, v) -> json.append(",\"").append(k).append("\":").append(v));
        Path dir = Path.of("target", "fault-counts");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(fault + ".json"), json.append("}\n").toString());
    }

    static boolean e2eRequired() {
        return "1".equals(System.getenv("FERRY_E2E"));
    }

    private static void requireCommand(String command) {
        boolean present = Files.isExecutable(Path.of("/usr/bin", command)) || Files.isExecutable(Path.of("/usr/sbin", command));
        if (!present && e2eRequired()) {
            throw new IllegalStateException(command + " is not installed; run src/peers/install.sh");
        }
        assumeTrue(present, command + " is not installed (set FERRY_E2E=1 to make this a failure)");
    }
}
