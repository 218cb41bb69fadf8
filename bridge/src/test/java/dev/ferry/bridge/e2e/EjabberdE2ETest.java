package dev.ferry.bridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.bridge.runtime.FerryRuntime;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.ping.PingManager;
import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same component, with ejabberd as the host server: Ferry is not tied to Prosody. */
@Tag("e2e")
class EjabberdE2ETest {

    @TempDir
    Path data;

    @Test
    void discoAndPingThroughEjabberd() throws Exception {
        E2E.requireCommand("ejabberdctl");
        PeerScript ejabberd = new PeerScript("ejabberd", "e2e", Map.of(
                "FERRY_C2S_PORT", "20222", "FERRY_COMPONENT_PORT", "20347", "FERRY_XMPP_DOMAIN", "localhost"));
        ejabberd.startFresh();
        try (FerryRuntime ferry = FerryUnderTest.start(FerryUnderTest.env(20347, data))) {
            ferry.firstConnect().get(30, TimeUnit.SECONDS);
            XMPPTCPConnection alice = XmppClients.login("alice", "localhost", 20222);
            try {
                var disco = ServiceDiscoveryManager.getInstanceFor(alice);
                assertThat(disco.discoverInfo(JidCreate.domainBareFrom("irc.localhost")).hasIdentity("gateway", "irc")).isTrue();
                assertThat(disco.discoverInfo(JidCreate.domainBareFrom("sip.localhost")).hasIdentity("gateway", "simple")).isTrue();
                assertThat(disco.discoverInfo(JidCreate.domainBareFrom("mail.localhost")).hasIdentity("gateway", "smtp")).isTrue();
                assertThat(PingManager.getInstanceFor(alice).ping(JidCreate.domainBareFrom("irc.localhost"))).isTrue();
            } finally {
                alice.disconnect();
            }
        } finally {
            ejabberd.tryRun("stop");
        }
    }
}
