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
 * message it had not written yet is delivered, once. A graceful stop while the server does not
 * answer leaves the same behind, on purpose: by then no connector is left to tell the senders.
 */
@Tag("e2e")
class FerryRestartInDoubtE2ETest {

    static final int C2S_PORT = FaultStage.port(12226);
    static final int COMPONENT_PORT = FaultStage.port(12352);
    static final int IRC_PORT = FaultStage.port(12671);
    static final int SIP_PORT = FaultStage.port(12064);
    static final String FAULT = "ferry-restart-in-doubt-irc-to-xmpp";
    static final String STOP_FAULT = "ferry-graceful-stop-server-silent-irc-to-xmpp";
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

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void aGracefulStopWhileTheServerIsSilentKeepsUnconfirmedMessagesForTheNextRun() throws Exception {
        int c2s = FaultStage.port(12228);
        int component = FaultStage.port(12355);
        int proxyPort = FaultStage.port(12356);
        int irc = FaultStage.port(12673);
        int sip = FaultStage.port(12066);
        MessageTally toXmpp = new MessageTally(STOP_FAULT);
        try (FaultStage stage = FaultStage.start("fault-graceful-stop", c2s, component, irc);
             StallingTcpProxy proxy = new StallingTcpProxy(proxyPort, component)) {
            StreamManagedXmppUser alice = StreamManagedXmppUser.countingFrom("alice", c2s, BOB, toXmpp);
            alice.connect();
            try (FaultIrcUser bob = new FaultIrcUser(irc, "bob", body -> { }, toXmpp)) {
                java.util.Map<String, String> env = stage.ferryEnv(proxyPort, data, sip);
                // Longer than the stop waits: the link stays up, silent, through the whole stop.
                env.put("FERRY_XMPP_DELIVERY_CHECK_SECONDS", "30");
                long stopMillis;
                try (FerryRuntime ferry = FaultStage.startFerry(env)) {
                    ferry.firstConnect().get(30, TimeUnit.SECONDS);
                    String puppet = alice.openPuppet(BOB, bob);
                    var sender = ferry.gateways().byDomain(FaultStage.IRC_GATEWAY).orElseThrow().outbox();
                    proxy.stall();
                    for (int n = 1; n <= 5; n++) {
                        bob.sendNumbered(puppet, toXmpp, n);
                    }
                    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> sender.unconfirmed() >= 5);
                    long start = System.nanoTime();
                    ferry.close();
                    stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                }
                try (Store store = Store.open(StoreSettings.h2(data))) {
                    assertThat(store.outbox().peek(FaultStage.IRC_GATEWAY, 100))
                            .as("kept for the next run, marked written").hasSize(5)
                            .allSatisfy(e -> assertThat(e.attempts()).isPositive());
                }
                assertThat(toXmpp.erroredCount()).as("nobody is told during the stop: the connectors are closed").isZero();

                try (FerryRuntime next = FaultStage.startFerry(stage.ferryEnv(component, data, sip))) {
                    next.firstConnect().get(30, TimeUnit.SECONDS);
                    FaultStage.awaitSettled(Duration.ofSeconds(30), Duration.ofSeconds(2), toXmpp);
                    System.out.println("FAULT " + STOP_FAULT + ": stop took " + stopMillis + " ms; sent=" + toXmpp.sentCount()
                            + " delivered=" + toXmpp.deliveredCount() + " errored=" + toXmpp.erroredCount());
                    assertThat(toXmpp.erroredCount()).as("the next run's NOTICEs to bob").isEqualTo(5);
                    toXmpp.assertNothingLostOrDuplicated();
                    assertThat(next.gateways().byDomain(FaultStage.IRC_GATEWAY).orElseThrow().outbox().doubted()).isEqualTo(5);
                }
            } finally {
                alice.close();
            }
        }
    }
}
