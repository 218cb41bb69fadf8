package dev.ferry.bridge.bench;

import dev.ferry.bridge.config.ConfigLoader;
import dev.ferry.bridge.e2e.PeerScript;
import dev.ferry.bridge.runtime.FerryRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;

/**
 * An isolated Prosody (own instance name, ports and state) plus Ferry in-process, as the e2e tests
 * set them up, and logged-in Smack clients. Closing stops all of it, Prosody through its script.
 */
final class LoadRig implements AutoCloseable {

    static final String DOMAIN = "localhost";

    final int c2sPort;
    private final PeerScript prosody;
    private final List<XMPPTCPConnection> clients = new ArrayList<>();
    private FerryRuntime ferry;
    private Path dataDir;

    LoadRig(String instance, int c2sPort, int componentPort) {
        this.c2sPort = c2sPort;
        this.instance = instance;
        this.prosody = new PeerScript("prosody", instance, Map.of(
                "FERRY_C2S_PORT", Integer.toString(c2sPort),
                "FERRY_COMPONENT_PORT", Integer.toString(componentPort),
                "FERRY_HTTP_PORT", Integer.toString(c2sPort + 58),
                "FERRY_XMPP_DOMAIN", DOMAIN));
        this.componentPort = componentPort;
    }

    private final int componentPort;
    private final String instance;

    LoadRig start() throws Exception {
        prosody.run("start");
        dataDir = Files.createTempDirectory("ferry-bench");
        Map<String, String> env = new HashMap<>();
        env.put("FERRY_XMPP_PORT", Integer.toString(componentPort));
        env.put("FERRY_STORE_URL", "jdbc:h2:file:" + dataDir.resolve("ferry").toAbsolutePath());
        env.put("FERRY_STORE_KEY_FILE", dataDir.resolve("ferry.key").toString());
        env.put("FERRY_HTTP_LISTEN", "127.0.0.1:0");
        // Ferry's own keepalive pings would add traffic that is not part of the measured workload.
        env.put("FERRY_XMPP_PING_INTERVAL_SECONDS", "0");
        // The mail connector's SMTP listener on a free port, not the demo's 2525.
        env.put("FERRY_MAIL_LISTEN", "127.0.0.1:0");
        ferry = new FerryRuntime(new ConfigLoader(env).read(PeerScript.repoRoot().resolve("config/ferry.yaml"))).start();
        ferry.firstConnect().get(30, TimeUnit.SECONDS);
        return this;
    }

    /** Logs in {@code user} (password = user name, as src/peers creates them) with a distinct resource. */
    XMPPTCPConnection login(String user, String resource) throws Exception {
        XMPPTCPConnectionConfiguration conf = XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain(DOMAIN)
                .setHost("127.0.0.1")
                .setPort(c2sPort)
                .setUsernameAndPassword(user, user)
                .setResource(resource)
                .setSecurityMode(SecurityMode.disabled)
                .setSendPresence(true)
                .setConnectTimeout(10_000)
                .build();
        XMPPTCPConnection c = new XMPPTCPConnection(conf);
        c.setReplyTimeout(10_000);
        c.connect().login();
        clients.add(c);
        return c;
    }

    /** Prosody's pid from its pid file, for CPU accounting; 0 when unreadable. */
    long prosodyPid() {
        String dir = System.getenv().getOrDefault("FERRY_PEERS_DIR", "/tmp/ferry-peers");
        try {
            return Long.parseLong(Files.readString(Path.of(dir, "prosody-" + instance, "prosody.pid")).trim());
        } catch (Exception e) {
            return 0;
        }
    }

    @Override
    public void close() {
        clients.forEach(XMPPTCPConnection::disconnect);
        if (ferry != null) {
            ferry.close();
        }
        String failure = prosody.tryRun("stop");
        if (failure != null) {
            System.err.println("prosody.sh stop failed: " + failure);
        }
    }
}
