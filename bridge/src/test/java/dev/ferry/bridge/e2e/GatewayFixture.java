package dev.ferry.bridge.e2e;

import dev.ferry.bridge.runtime.FerryRuntime;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;

/**
 * The usual stage of an end-to-end test: an isolated Prosody, optionally an ngIRCd, Ferry
 * in-process connected to them, and alice logged in with a real client.
 */
final class GatewayFixture implements AutoCloseable {

    final ProsodyPeer prosody;
    final PeerScript ngircd;
    final int ircPort;
    final FerryRuntime ferry;
    final XMPPTCPConnection alice;

    private GatewayFixture(ProsodyPeer prosody, PeerScript ngircd, int ircPort, FerryRuntime ferry, XMPPTCPConnection alice) {
        this.prosody = prosody;
        this.ngircd = ngircd;
        this.ircPort = ircPort;
        this.ferry = ferry;
        this.alice = alice;
    }

    /** Prosody on {@code c2sPort}/{@code componentPort}; with {@code ircPort > 0} an ngIRCd there too. */
    static GatewayFixture start(String name, int c2sPort, int componentPort, int ircPort, Path data) throws Exception {
        PeerScript ngircd = null;
        if (ircPort > 0) {
            E2E.requireCommand("ngircd");
        }
        ProsodyPeer prosody = ProsodyPeer.start(name, c2sPort, componentPort);
        FerryRuntime ferry = null;
        try {
            Map<String, String> env = FerryUnderTest.env(componentPort, data);
            if (ircPort > 0) {
                ngircd = new PeerScript("ngircd", name, Map.of("FERRY_IRC_PORT", Integer.toString(ircPort)));
                ngircd.run("start");
                env.put("FERRY_IRC_DEFAULT_PORT", Integer.toString(ircPort));
                env.put("FERRY_IRC_TLS", "false");
            }
            ferry = FerryUnderTest.start(env);
            ferry.firstConnect().get(30, TimeUnit.SECONDS);
            XMPPTCPConnection alice = XmppClients.login("alice", ProsodyPeer.DOMAIN, prosody.c2sPort);
            return new GatewayFixture(prosody, ngircd, ircPort, ferry, alice);
        } catch (Exception | Error e) {
            if (ferry != null) {
                ferry.close();
            }
            if (ngircd != null) {
                ngircd.tryRun("stop");
            }
            prosody.close();
            throw e;
        }
    }

    @Override
    public void close() {
        alice.disconnect();
        ferry.close();
        if (ngircd != null) {
            ngircd.tryRun("stop");
        }
        prosody.close();
    }
}
