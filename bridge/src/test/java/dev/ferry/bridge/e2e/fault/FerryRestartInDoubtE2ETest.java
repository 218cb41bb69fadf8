package dev.ferry.bridge.e2e.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.bridge.runtime.FerryRuntime;
import dev.ferry.mappings.store.Store;
import dev.ferry.mappings.store.StoreSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a killed Ferry leaves in its outbox, met by the next run: messages it had written to the
 * server and never saw confirmed may have arrived, so they are not written again; their IRC
 * sender gets a NOTICE from the XMPP user's nick quoting each (the puppet connects for it). A
 * message it had not written yet is delivered, once.
 */
@Tag("e2e")
class FerryRestartInDoubtE2ETest {

    static final int C2S_PORT = FaultStage.port(12226);
    static final int COMPONENT_PORT = FaultStage.port(12352);
    static final int IRC_PORT = FaultStage.port(12671);
    static final int SIP_PORT = FaultStage.port(12064);
    static final String FAULT = "ferry-restart-in-doubt-irc-to-xmpp";
    static final String BOB = "bob%localhost@" + FaultStage.IRC_GATEWAY;

    @TempDir
    Path data;

    static String fromBob(int n) {
        return "<message to='alice@localhost' from='" + BOB + "' type='chat' id='bob-" + n + "'><body>"
                + MessageTally.body(FAULT, n) + "</body></message>";
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void messagesAKilledRunHadWrittenAreReportedNotWrittenAgain() throws Exception {
        MessageTally toXmpp = new MessageTally(FAULT);
        try (Store store = Store.open(StoreSettings.h2(data))) {
            for (int n = 1; n <= 3; n++) {
                store.outbox().recordAttempt(store.outbox().enqueue(FaultStage.IRC_GATEWAY, fromBob(n)));
            }
            store.outbox().enqueue(FaultStage.IRC_GATEWAY, fromBob(4));
        }
        try (FaultStage stage = FaultStage.start("fault-restart", C2S_PORT, COMPONENT_PORT, IRC_PORT)) {
            StreamManagedXmppUser alice = StreamManagedXmppUser.countingFrom("alice", C2S_PORT, BOB, toXmpp);
            alice.connect();
            try (FaultIrcUser bob = new FaultIrcUser(IRC_PORT, "bob", body -> { }, toXmpp);
                 FerryRuntime ferry = FaultStage.startFerry(stage.ferryEnv(COMPONENT_PORT, data, SIP_PORT))) {
                for (int n = 1; n <= 4; n++) {
                    toXmpp.send(n);
                }
                ferry.firstConnect().get(30, TimeUnit.SECONDS);
                FaultStage.awaitSettled(Duration.ofSeconds(30), Duration.ofSeconds(2), toXmpp);

                assertThat(toXmpp.copiesOf(4)).as("the message the killed run never wrote").isEqualTo(1);
                for (int n = 1; n <= 3; n++) {
                    assertThat(toXmpp.copiesOf(n)).as("copies of #%d, written by the killed run", n).isZero();
                }
                assertThat(toXmpp.erroredCount()).as("NOTICEs to bob").isEqualTo(3);
                toXmpp.assertNothingLostOrDuplicated();
                assertThat(ferry.gateways().byDomain(FaultStage.IRC_GATEWAY).orElseThrow().outbox().doubted()).isEqualTo(3);
            } finally {
                alice.close();
            }
        }
    }
}
