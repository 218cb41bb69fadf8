package dev.ferry.bridge.e2e;

import dev.ferry.bridge.config.ConfigLoader;
import dev.ferry.bridge.config.FerryConfig;
import dev.ferry.bridge.runtime.FerryRuntime;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Ferry in-process, configured like an operator would, pointed at a test XMPP server. */
public final class FerryUnderTest {

    private FerryUnderTest() {
    }

    public static Map<String, String> env(int componentPort, Path dataDir) {
        Map<String, String> env = new HashMap<>();
        env.put("FERRY_XMPP_PORT", Integer.toString(componentPort));
        env.put("FERRY_STORE_URL", "jdbc:h2:file:" + dataDir.resolve("ferry").toAbsolutePath());
        env.put("FERRY_STORE_KEY_FILE", dataDir.resolve("ferry.key").toString());
        env.put("FERRY_HTTP_LISTEN", "127.0.0.1:0");
        env.put("FERRY_XMPP_PING_INTERVAL_SECONDS", "0");
        // the SIP connector starts with the sip component: off the demo's 5060, on a test port of its own
        env.put("FERRY_SIP_LISTEN", "udp:127.0.0.1:27060,tcp:127.0.0.1:27060");
        // The mail connector's SMTP listener on a free port, so tests never fight over the demo's 2525.
        env.put("FERRY_MAIL_LISTEN", "127.0.0.1:0");
        return env;
    }

    static FerryConfig config(Map<String, String> env) throws Exception {
        return new ConfigLoader(env).read(PeerScript.repoRoot().resolve("config/ferry.yaml"));
    }

    public static FerryRuntime start(Map<String, String> env) throws Exception {
        return new FerryRuntime(config(env)).start();
    }
}
