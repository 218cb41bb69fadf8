package dev.ferry.bridge.e2e.fault;

import static org.junit.jupiter.api.Assertions.assertAll;

import dev.ferry.bridge.runtime.FerryRuntime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prosody is killed with SIGKILL in the middle of two steady streams of private messages — bob
 * on IRC to alice's puppet (IRC → XMPP) and alice's Smack client to bob (XMPP → IRC) — and
 * started again. Afterwards every message was delivered exactly once or its sender knows it
 * failed: an IRC refusal, a client that could not send, or a message the server never acked
 * (XEP-0198). Ferry's side of this: what it wrote to the component socket without the server
 * confirming it (an in-band ping round trip) is written again after the reconnect.
 */
@Tag("e2e")
class ProsodyKillFaultE2ETest {

    static final int C2S_PORT = FaultStage.port(12222);
    static final int COMPONENT_PORT = FaultStage.port(12347);
    static final int IRC_PORT = FaultStage.port(12667);
    static final int SIP_PORT = FaultStage.port(12060);
    static final int PER_SECOND = 25;
    static final String BOB = "bob%localhost@" + FaultStage.IRC_GATEWAY;

    @TempDir
    Path data;

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void killedProsodyLosesNoMessageInEitherDirection() throws Exception {
        MessageTally toXmpp = new MessageTally("prosody-kill9-irc-to-xmpp");
        MessageTally toIrc = new MessageTally("prosody-kill9-xmpp-to-irc");
        try (FaultStage stage = FaultStage.start("fault-prosody", C2S_PORT, COMPONENT_PORT, IRC_PORT);
             FerryRuntime ferry = FaultStage.startFerry(stage.ferryEnv(COMPONENT_PORT, data, SIP_PORT))) {
            ferry.firstConnect().get(30, TimeUnit.SECONDS);
            StreamManagedXmppUser alice = StreamManagedXmppUser.countingFrom("alice", C2S_PORT, BOB, toXmpp);
            alice.connect();
            try (FaultIrcUser bob = new FaultIrcUser(IRC_PORT, "bob", toIrc::delivered, toXmpp)) {
                // alice's first message opens her IRC connection: her puppet is who bob writes to
                String puppet = alice.openPuppet(BOB, bob);

                SteadyStream in = SteadyStream.start("irc-to-xmpp", PER_SECOND, n -> bob.sendNumbered(puppet, toXmpp, n));
                SteadyStream out = SteadyStream.start("xmpp-to-irc", PER_SECOND, n -> alice.sendNumbered(BOB, toIrc, n));
                try {
                    Thread.sleep(3000);
                    stage.prosody.run("kill9");
                    Thread.sleep(2000);
                    stage.prosody.run("start");
                    alice.connect();
                    // until Ferry is back, alice's messages bounce (service-unavailable); then both ways flow again
                    FaultStage.awaitLinkUp(ferry, FaultStage.IRC_GATEWAY, Duration.ofSeconds(30));
                    Thread.sleep(3000);
                } finally {
                    in.stop();
                    out.stop();
                }
                alice.awaitAcks(Duration.ofSeconds(10));
                alice.settleUnacked(toIrc);
                FaultStage.awaitSettled(Duration.ofSeconds(60), Duration.ofSeconds(2), toXmpp, toIrc);
                System.out.println("FAULT prosody-kill9: component stanzas written again after the drop: "
                        + ferry.gateways().byDomain(FaultStage.IRC_GATEWAY).orElseThrow().outbox().resent());
                // Both directions are counted and reported even when the first fails.
                assertAll(toXmpp::assertNothingLostOrDuplicated, toIrc::assertNothingLostOrDuplicated);
            } finally {
                alice.close();
            }
        }
    }
}
