package dev.ferry.bridge.e2e.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertAll;

import dev.ferry.mappings.store.OutboxEntry;
import dev.ferry.mappings.store.Store;
import dev.ferry.mappings.store.StoreSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ferry itself, a separate {@code ferry run} process, is killed with SIGKILL in the middle of two
 * steady streams while its outbox holds messages (Prosody was killed just before, so IRC → XMPP
 * messages queue), then started again on the same H2 file. The store survives: it opens, the
 * linked identity is there, and every outbox row is an intact stanza; every queued message goes
 * out exactly once. XMPP → IRC: delivered exactly once or the sender knows. IRC → XMPP: the same,
 * except for lines that were inside Ferry's process (or its socket buffers) at the instant of the
 * kill — IRC has no acknowledgement, so neither Ferry nor the sender can learn of those; they are
 * counted, and the test fails if any message outside that instant is missing.
 */
@Tag("e2e")
class FerryKillFaultE2ETest {

    static final int C2S_PORT = FaultStage.port(12224);
    static final int COMPONENT_PORT = FaultStage.port(12350);
    static final int IRC_PORT = FaultStage.port(12669);
    static final int SIP_PORT = FaultStage.port(12062);
    static final int HTTP_PORT = FaultStage.port(12790);
    static final int PER_SECOND = 25;
    /** Lines sent this close to the kill may be inside the dying process. */
    static final long KILL_WINDOW_MILLIS = 150;
    static final String BOB = "bob%localhost@" + FaultStage.IRC_GATEWAY;

    @TempDir
    Path data;

    @Test
    @Timeout(value = 170, unit = TimeUnit.SECONDS)
    void killedFerryKeepsItsStoreAndSendsQueuedMessagesOnce() throws Exception {
        MessageTally toXmpp = new MessageTally("ferry-kill9-irc-to-xmpp");
        MessageTally toIrc = new MessageTally("ferry-kill9-xmpp-to-irc");
        Map<Integer, Long> sentAt = new ConcurrentHashMap<>();
        try (Store store = Store.open(StoreSettings.h2(data))) {
            store.identities().link("alice@localhost", "sip", "sip:alice@pbx.example");
        }
        Path log = data.resolve("ferry-run.log");
        try (FaultStage stage = FaultStage.start("fault-ferry", C2S_PORT, COMPONENT_PORT, IRC_PORT)) {
            Map<String, String> env = stage.ferryEnv(COMPONENT_PORT, data, SIP_PORT);
            FerryProcess ferry = FerryProcess.start(env, HTTP_PORT, log, Duration.ofSeconds(60));
            StreamManagedXmppUser alice = StreamManagedXmppUser.countingFrom("alice", C2S_PORT, BOB, toXmpp);
            alice.connect();
            try (FaultIrcUser bob = new FaultIrcUser(IRC_PORT, "bob", toIrc::delivered, toXmpp)) {
                // alice's first message opens her IRC connection: her puppet is who bob writes to
                String puppet = alice.openPuppet(BOB, bob);

                SteadyStream in = SteadyStream.start("irc-to-xmpp", PER_SECOND, n -> {
                    sentAt.put(n, System.nanoTime());
                    bob.sendNumbered(puppet, toXmpp, n);
                });
                SteadyStream out = SteadyStream.start("xmpp-to-irc", PER_SECOND, n -> alice.sendNumbered(BOB, toIrc, n));
                long killedAt;
                Set<Integer> queued;
                try {
                    Thread.sleep(3000);
                    stage.prosody.run("kill9"); // from now on IRC → XMPP messages wait in Ferry's outbox
                    Thread.sleep(2000);
                    killedAt = System.nanoTime();
                    ferry.kill9();
                    Thread.sleep(1000); // bob's lines now meet a puppet that is gone: 401
                    queued = storeSurvived();
                    stage.prosody.run("start");
                    ferry = FerryProcess.start(env, HTTP_PORT, log, Duration.ofSeconds(60));
                    alice.connect(); // her next message brings her puppet back on IRC
                    Thread.sleep(4000);
                } finally {
                    in.stop();
                    out.stop();
                }
                alice.awaitAcks(Duration.ofSeconds(10));
                alice.settleUnacked(toIrc);
                // Lines lost inside the killed process never settle: the wait is bounded by what a live pipeline needs.
                FaultStage.awaitSettled(Duration.ofSeconds(15), Duration.ofSeconds(2), toXmpp, toIrc);

                TreeSet<Integer> lostInKill = new TreeSet<>();
                TreeSet<Integer> lostElsewhere = new TreeSet<>();
                for (int n : toXmpp.unsettledNumbers()) {
                    long fromKill = Math.abs(TimeUnit.NANOSECONDS.toMillis(sentAt.get(n) - killedAt));
                    (fromKill <= KILL_WINDOW_MILLIS ? lostInKill : lostElsewhere).add(n);
                }
                TreeSet<Integer> duplicated = new TreeSet<>();
                for (int n = 1; n <= toXmpp.sentCount(); n++) {
                    if (toXmpp.copiesOf(n) > 1) {
                        duplicated.add(n);
                    }
                }
                System.out.println("FAULT ferry-kill9-irc-to-xmpp: sent=" + toXmpp.sentCount() + " delivered="
                        + toXmpp.deliveredCount() + " errored=" + toXmpp.erroredCount() + " queued-at-kill=" + queued.size()
                        + " lost-inside-the-killed-process=" + lostInKill.size() + " lost-otherwise=" + lostElsewhere.size()
                        + " duplicated=" + duplicated.size());
                Map<String, Integer> counts = new java.util.LinkedHashMap<>();
                counts.put("sent", toXmpp.sentCount());
                counts.put("delivered", toXmpp.deliveredCount());
                counts.put("errored", toXmpp.erroredCount());
                counts.put("queuedAtKill", queued.size());
                counts.put("lostInsideTheKilledProcess", lostInKill.size());
                counts.put("lostOtherwise", lostElsewhere.size());
                counts.put("duplicated", duplicated.size());
                FaultStage.writeCounts("ferry-kill9-irc-to-xmpp", counts);
                Set<Integer> queuedFinal = queued;
                assertAll(
                        () -> assertThat(queuedFinal).as("messages in the outbox at the kill").isNotEmpty()
                                .allSatisfy(n -> assertThat(toXmpp.copiesOf(n)).as("copies of queued #%d", n).isEqualTo(1)),
                        () -> assertThat(lostElsewhere).as("IRC → XMPP messages lost outside the instant of the kill").isEmpty(),
                        () -> assertThat(duplicated).as("IRC → XMPP messages delivered twice").isEmpty(),
                        toIrc::assertNothingLostOrDuplicated);
            } finally {
                alice.close();
                ferry.close();
            }
        }
    }

    /** Opens the killed Ferry's H2 file: it must open, keep the identity, and hold the queued stanzas intact. */
    private Set<Integer> storeSurvived() {
        try (Store store = Store.open(StoreSettings.h2(data))) {
            assertThat(store.identities().findJid("sip", "sip:alice@pbx.example")).contains("alice@localhost");
            List<OutboxEntry> rows = store.outbox().peek(FaultStage.IRC_GATEWAY, 10_000);
            Set<Integer> numbers = new TreeSet<>();
            for (OutboxEntry row : rows) {
                assertThat(row.payload()).startsWith("<").endsWith(">");
                Integer n = MessageTally.numberIn(row.payload());
                if (n != null && row.payload().contains("ferry-kill9-irc-to-xmpp")) {
                    numbers.add(n);
                }
            }
            return numbers;
        }
    }
}
