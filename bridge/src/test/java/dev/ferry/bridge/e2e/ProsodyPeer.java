package dev.ferry.bridge.e2e;

import java.util.Map;

/** One isolated Prosody for a test class: its own ports and state, started and stopped by src/peers/prosody.sh. */
public final class ProsodyPeer implements AutoCloseable {

    public static final String DOMAIN = "localhost";

    public final int c2sPort;
    public final int componentPort;
    final PeerScript script;

    ProsodyPeer(String instance, int c2sPort, int componentPort) {
        this.c2sPort = c2sPort;
        this.componentPort = componentPort;
        this.script = new PeerScript("prosody", instance, Map.of(
                "FERRY_C2S_PORT", Integer.toString(c2sPort),
                "FERRY_COMPONENT_PORT", Integer.toString(componentPort),
                "FERRY_HTTP_PORT", Integer.toString(c2sPort + 58),
                "FERRY_XMPP_DOMAIN", DOMAIN));
    }

    public static ProsodyPeer start(String instance, int c2sPort, int componentPort) {
        E2E.requireCommand("prosody");
        ProsodyPeer p = new ProsodyPeer(instance, c2sPort, componentPort);
        p.script.startFresh();
        return p;
    }

    void stop() {
        script.run("stop");
    }

    void startAgain() {
        script.run("start");
    }

    @Override
    public void close() {
        script.tryRun("stop");
    }
}
