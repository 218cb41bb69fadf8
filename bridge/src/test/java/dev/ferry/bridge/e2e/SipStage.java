package dev.ferry.bridge.e2e;

import dev.ferry.bridge.runtime.FerryRuntime;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;

/**
 * The stage of a SIP end-to-end test: an isolated Prosody, Ferry in-process with its SIP
 * listeners on {@code sipPort} (UDP and TCP, 127.0.0.1) and the {@code sip} settings given, and
 * alice logged in with a real client.
 */
final class SipStage implements AutoCloseable {

    static final String GATEWAY = "sip.localhost";

    final ProsodyPeer prosody;
    final FerryRuntime ferry;
    final XMPPTCPConnection alice;
    final int sipPort;

    private SipStage(ProsodyPeer prosody, FerryRuntime ferry, XMPPTCPConnection alice, int sipPort) {
        this.prosody = prosody;
        this.ferry = ferry;
        this.alice = alice;
        this.sipPort = sipPort;
    }

    static SipStage start(String name, int c2sPort, int componentPort, int sipPort, Map<String, String> sipEnv, Path data)
            throws Exception {
        ProsodyPeer prosody = ProsodyPeer.start(name, c2sPort, componentPort);
        FerryRuntime ferry = null;
        try {
            Map<String, String> env = FerryUnderTest.env(componentPort, data);
            env.put("FERRY_SIP_LISTEN", "udp:127.0.0.1:" + sipPort + ",tcp:127.0.0.1:" + sipPort);
            env.putAll(sipEnv);
            ferry = FerryUnderTest.start(env);
            ferry.firstConnect().get(30, TimeUnit.SECONDS);
            XMPPTCPConnection alice = XmppClients.login("alice", ProsodyPeer.DOMAIN, prosody.c2sPort);
            return new SipStage(prosody, ferry, alice, sipPort);
        } catch (Exception | Error e) {
            if (ferry != null) {
                ferry.close();
            }
            prosody.close();
            throw e;
        }
    }

    @Override
    public void close() {
        alice.disconnect();
        ferry.close();
        prosody.close();
    }
}
