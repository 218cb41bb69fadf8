package dev.ferry.bridge.e2e.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ferry.bridge.e2e.PeerScript;
import dev.ferry.bridge.runtime.FerryRuntime;
import dev.ferry.bridge.xmpp.ComponentGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The delivery check (a ping from a component domain to itself through the server) works on
 * ejabberd too: ejabberd routes it back on the same connection, so messages written to it are
 * confirmed rather than left unconfirmed until the check times out and drops a healthy link.
 */
@Tag("e2e")
class DeliveryCheckEjabberdE2ETest {

    @TempDir
    Path data;

    @Test
    void ejabberdRoutesTheCheckBackAndMessagesAreConfirmed() throws Exception {
        boolean present = Files.isExecutable(Path.of("/usr/sbin/ejabberdctl")) || Files.isExecutable(Path.of("/usr/bin/ejabberdctl"));
        if (!present && FaultStage.e2eRequired()) {
            throw new IllegalStateException("ejabberd is not installed; run src/peers/install.sh");
        }
        assumeTrue(present, "ejabberd is not installed (set FERRY_E2E=1 to make this a failure)");
        PeerScript ejabberd = new PeerScript("ejabberd", "fault-check", Map.of(
                "FERRY_C2S_PORT", "12225", "FERRY_COMPONENT_PORT", "12351", "FERRY_EJABBERD_DIST_PORT", "12901",
                "FERRY_XMPP_DOMAIN", "localhost"));
        ejabberd.startFresh();
        try {
            Map<String, String> env = FaultStage.ferryEnvWithoutIrc(12351, data, 12063);
            try (FerryRuntime ferry = FaultStage.startFerry(env)) {
                ferry.firstConnect().get(30, TimeUnit.SECONDS);
                ComponentGateway irc = ferry.gateways().byDomain(FaultStage.IRC_GATEWAY).orElseThrow();
                long connection = irc.link().connectionNumber();
                irc.deliveryCheck(Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
                // A message to a user who is offline: ejabberd stores it; Ferry must see it confirmed.
                irc.send(org.jivesoftware.smack.packet.StanzaBuilder.buildMessage().from("bob%localhost@irc.localhost")
                        .to("alice@localhost").ofType(org.jivesoftware.smack.packet.Message.Type.chat).setBody("check").build());
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (irc.outbox().unconfirmed() > 0 && System.nanoTime() < end) {
                    Thread.sleep(20);
                }
                assertThat(irc.outbox().unconfirmed()).as("messages left unconfirmed by ejabberd").isZero();
                assertThat(irc.link().connectionNumber()).as("the link was never dropped").isEqualTo(connection);
            }
        } finally {
            ejabberd.tryRun("stop");
        }
    }
}
