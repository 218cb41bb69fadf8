package dev.ferry.bridge.xmpp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.bridge.stream.StanzaLink;
import dev.ferry.mappings.store.OutboxEntry;
import dev.ferry.mappings.store.Store;
import dev.ferry.mappings.store.StoreSettings;
import dev.ferry.spi.Delivery;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unconfirmed window: what a connection carried is forgotten only once a round trip after it
 * came back. A drop before that writes presences and errors again, in order, and reports messages
 * as in doubt rather than risk a duplicate; so does a restart for what an earlier run wrote.
 */
class OutboxSenderTest {

    static final String DOMAIN = "irc.localhost";

    @TempDir
    Path dir;
    Store store;
    FakeLink link = new FakeLink();
    java.util.concurrent.ConcurrentLinkedDeque<CompletableFuture<Object>> checks = new java.util.concurrent.ConcurrentLinkedDeque<>();
    List<String> inDoubt = new ArrayList<>();
    OutboxSender sender;

    @BeforeEach
    void setUp() {
        store = Store.open(StoreSettings.h2(dir));
        sender = newSender();
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    OutboxSender newSender() {
        return newSender(java.time.Duration.ZERO, OutboxSender.MAX_UNCONFIRMED);
    }

    /** Checks are answered by the test ({@link #checks}); {@code checkGap} and {@code maxUnconfirmed} as in production, or small. */
    OutboxSender newSender(java.time.Duration checkGap, int maxUnconfirmed) {
        return new OutboxSender(DOMAIN, link, store.outbox(), Runnable::run, () -> {
            CompletableFuture<Object> answer = new CompletableFuture<>();
            checks.add(answer);
            return answer;
        }, inDoubt::addAll, checkGap, maxUnconfirmed);
    }

    static String message(int n) {
        return "<message to='alice@localhost' from='bob%localhost@irc.localhost' type='chat'><body>#" + n + "</body></message>";
    }

    static String presence(int n) {
        return "<presence to='alice@localhost' from='#c%localhost@irc.localhost/n" + n + "'/>";
    }

    static String error(int n) {
        return "<message to='alice@localhost' from='bob%localhost@irc.localhost' type='error' id='e" + n + "'>"
                + "<error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>";
    }

    /** Answers every check out, and those that follow the answers. */
    void answerAllChecks() {
        for (CompletableFuture<Object> c; (c = checks.poll()) != null; ) {
            c.complete("pong");
        }
    }

    List<String> stored() {
        return store.outbox().peek(DOMAIN, 100).stream().map(OutboxEntry::payload).toList();
    }

    void drop() {
        link.up = false;
        sender.linkDropped();
    }

    void reconnect() {
        link.up = true;
        sender.drainSoon();
    }

    @Test
    void aRoundTripConfirmsEverythingWrittenBeforeIt() {
        assertThat(sender.send(message(1)).outcome()).isEqualTo(Delivery.Outcome.DELIVERED);
        assertThat(checks).as("a lone stanza gets a check right behind it").hasSize(1);
        sender.send(message(2));
        assertThat(checks).as("one check out at a time: #2 waits for the next").hasSize(1);
        checks.poll().complete("pong");
        assertThat(sender.unconfirmed()).as("#2 was written after the first check").isEqualTo(1);
        assertThat(checks).as("the next check follows the answer").hasSize(1);
        checks.poll().complete("pong");
        assertThat(sender.unconfirmed()).isZero();
        assertThat(checks).isEmpty();

        drop();
        reconnect();
        assertThat(link.writes).as("nothing confirmed is written twice").containsExactly(message(1), message(2));
        assertThat(sender.resent()).isZero();
    }

    @Test
    void aDropReportsUnconfirmedMessagesInsteadOfWritingThemAgain() {
        sender.send(message(1));
        sender.send(message(2));
        checks.poll().complete("pong"); // confirms #1; #2's check never comes back
        drop();
        sender.send(message(3));
        assertThat(inDoubt).as("#2 may have arrived: its sender is told, nothing is written twice").containsExactly(message(2));
        reconnect();
        assertThat(link.writes).containsExactly(message(1), message(2), message(3));
        assertThat(sender.doubted()).isEqualTo(1);
        assertThat(sender.resent()).isZero();
        checks.pollLast().complete("pong");
        assertThat(stored()).isEmpty();
        assertThat(sender.waiting()).isZero();
    }

    @Test
    void aDropWritesPresencesAndErrorsAgainBeforeWhatCameLater() {
        sender.send(presence(1));
        sender.send(error(2));
        sender.send(message(3));
        drop();
        sender.send(message(4));
        assertThat(stored()).as("states and errors go back into the outbox, ahead of #4")
                .containsExactly(presence(1), error(2), message(4));
        assertThat(inDoubt).containsExactly(message(3));
        reconnect();
        assertThat(link.writes).containsExactly(presence(1), error(2), message(3), presence(1), error(2), message(4));
        assertThat(sender.resent()).isEqualTo(2);
        assertThat(stored()).as("written again, but kept until confirmed").hasSize(3);
        answerAllChecks();
        assertThat(stored()).isEmpty();
    }

    @Test
    void anAnswerOnAnOldConnectionConfirmsNothing() {
        sender.send(presence(1));
        CompletableFuture<Object> old = checks.poll();
        drop();
        reconnect();
        assertThat(link.writes).containsExactly(presence(1), presence(1));
        old.complete("late pong from nowhere");
        assertThat(sender.unconfirmed()).isEqualTo(1);
        checks.poll().complete("pong");
        assertThat(sender.unconfirmed()).isZero();
        assertThat(stored()).isEmpty();
    }

    @Test
    void aFailedCheckConfirmsNothing() {
        sender.send(message(1));
        checks.poll().completeExceptionally(new TimeoutException("no answer"));
        assertThat(sender.unconfirmed()).isEqualTo(1);
        drop();
        reconnect();
        assertThat(link.writes).containsExactly(message(1));
        assertThat(inDoubt).containsExactly(message(1));
    }

    @Test
    void rowsAnEarlierRunWroteAreInDoubtAfterARestart() {
        link.up = false;
        sender.send(message(1));
        sender.send(presence(2));
        sender.send(message(3));
        reconnect();
        assertThat(link.writes).containsExactly(message(1), presence(2), message(3));
        store.outbox().enqueue(DOMAIN, message(4)); // queued behind them, never written
        // Ferry dies here (kill -9): no round trip came back; the rows are still in the store.
        OutboxSender afterRestart = newSender();
        assertThat(afterRestart.waiting()).isEqualTo(4);
        reconnect();
        afterRestart.drainSoon();
        assertThat(inDoubt).as("written by the killed run, maybe received").containsExactly(message(1), message(3));
        assertThat(link.writes).as("the presence is written again; #4 was never written")
                .containsExactly(message(1), presence(2), message(3), presence(2), message(4));
        assertThat(stored()).containsExactly(presence(2), message(4));
    }

    @Test
    void aRowWhoseWriteFailedIsWrittenAgainNotDoubtedEvenAfterARestart() {
        link.up = false;
        sender.send(message(1));
        link.up = true;
        link.failNextWrite = true;
        sender.drainSoon();
        assertThat(link.writes).isEmpty();
        assertThat(store.outbox().peek(DOMAIN, 1).get(0).attempts()).as("a failed write is no attempt").isZero();
        OutboxSender afterRestart = newSender();
        afterRestart.drainSoon();
        assertThat(link.writes).containsExactly(message(1));
        assertThat(inDoubt).isEmpty();
    }

    @Test
    void aRowWrittenAsTheConnectionDropsIsInDoubtToo() {
        link.up = false;
        sender.send(message(1));
        sender.send(presence(2));
        link.up = true;
        link.afterNextWrite = this::drop;
        sender.drainSoon();
        assertThat(link.writes).containsExactly(message(1));
        assertThat(inDoubt).as("written on a connection that dropped before the window took it").containsExactly(message(1));
        assertThat(stored()).containsExactly(presence(2));
        reconnect();
        assertThat(link.writes).containsExactly(message(1), presence(2));
    }

    @Test
    void checksKeepTheirGapSoLoneMessagesShareOne() {
        OutboxSender spaced = newSender(java.time.Duration.ofMillis(300), OutboxSender.MAX_UNCONFIRMED);
        spaced.send(message(1));
        assertThat(checks).as("the first check goes at once").hasSize(1);
        checks.poll().complete("pong");
        spaced.send(message(2));
        spaced.send(message(3));
        assertThat(checks).as("within the gap: no check yet").isEmpty();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> !checks.isEmpty());
        assertThat(checks).as("#2 and #3 share one").hasSize(1);
        checks.poll().complete("pong");
        assertThat(spaced.unconfirmed()).isZero();
    }

    @Test
    void aFullWindowHoldsNewStanzasUntilAConfirmationMakesRoom() {
        sender = newSender(java.time.Duration.ZERO, 3);
        for (int n = 1; n <= 5; n++) {
            sender.send(message(n));
        }
        assertThat(link.writes).as("no more than 3 out unconfirmed: the check's ping is never behind more")
                .containsExactly(message(1), message(2), message(3));
        assertThat(stored()).as("held in memory while the link is up: the store's commits would cost more than the server saves").isEmpty();

        checks.poll().complete("pong"); // confirms #1 only (written before its ping)
        assertThat(link.writes).as("room for one more").containsExactly(message(1), message(2), message(3), message(4));
        answerAllChecks();
        assertThat(link.writes).containsExactly(message(1), message(2), message(3), message(4), message(5));
        assertThat(sender.waiting()).isZero();
        assertThat(sender.unconfirmed()).isZero();
        assertThat(stored()).isEmpty();
        assertThat(sender.send(message(6)).outcome()).as("written directly again").isEqualTo(Delivery.Outcome.DELIVERED);
    }

    @Test
    void stanzasHeldBehindAFullWindowGoToTheOutboxWhenTheConnectionDrops() {
        sender = newSender(java.time.Duration.ZERO, 2);
        sender.send(presence(1));
        sender.send(message(2));
        sender.send(message(3)); // held
        sender.send(presence(4)); // held
        drop();
        sender.send(message(5));
        assertThat(inDoubt).as("only what was written is in doubt").containsExactly(message(2));
        assertThat(stored()).as("the window's presence, then the held stanzas, never written, then what came after")
                .containsExactly(presence(1), message(3), presence(4), message(5));
        reconnect();
        answerAllChecks();
        assertThat(link.writes).containsExactly(presence(1), message(2), presence(1), message(3), presence(4), message(5));
        assertThat(stored()).isEmpty();
    }

    @Test
    void aGracefulStopWaitsForTheServerToConfirmAndTakeWhatIsHeld() throws Exception {
        sender = newSender(java.time.Duration.ZERO, 2);
        for (int n = 1; n <= 4; n++) {
            sender.send(message(n));
        }
        Thread answering = new Thread(() -> {
            // The server answers a moment into the stop, then the check that follows.
            org.awaitility.Awaitility.await().pollDelay(java.time.Duration.ofMillis(100)).until(() -> true);
            answerAllChecks();
            answerAllChecks();
        });
        answering.start();
        sender.awaitSettled(java.time.Duration.ofSeconds(5));
        answering.join();
        assertThat(link.writes).containsExactly(message(1), message(2), message(3), message(4));
        assertThat(sender.unconfirmed()).isZero();
        link.up = false;
        sender.keepForNextRun();
        assertThat(stored()).as("nothing left for the next run").isEmpty();
        assertThat(inDoubt).isEmpty();
    }

    @Test
    void aStopTheServerDoesNotConfirmKeepsEverythingForTheNextRun() throws Exception {
        sender = newSender(java.time.Duration.ZERO, 2);
        sender.send(presence(1));
        sender.send(message(2));
        sender.send(message(3)); // held
        sender.awaitSettled(java.time.Duration.ofMillis(200)); // no answer comes
        link.up = false;
        sender.linkDropped(); // the link's close reports the drop as well
        sender.keepForNextRun();
        assertThat(inDoubt).as("the connectors are closed: nobody could be told now").isEmpty();
        assertThat(stored()).as("the window's presence, its message (marked written), the held one")
                .containsExactly(presence(1), message(2), message(3));
        assertThat(store.outbox().peek(DOMAIN, 10).stream().map(OutboxEntry::attempts).toList()).containsExactly(0, 1, 0);

        OutboxSender nextRun = newSender();
        reconnect();
        nextRun.drainSoon();
        assertThat(inDoubt).as("the next run tells its sender").containsExactly(message(2));
        assertThat(link.writes).as("written once before the stop, never twice; the held one now")
                .containsExactly(presence(1), message(2), presence(1), message(3));
    }

    @Test
    void iqsAreNotKept() {
        sender.send("<iq type='result' id='p1' to='alice@localhost/pc' from='irc.localhost'/>");
        assertThat(sender.unconfirmed()).isZero();
        assertThat(checks).isEmpty();
        drop();
        reconnect();
        assertThat(link.writes).hasSize(1);
    }

    @Test
    void withoutACheckAStanzaCountsAsSentOnceWritten() {
        OutboxSender plain = new OutboxSender(DOMAIN, link, store.outbox(), Runnable::run);
        link.up = false;
        plain.send(message(1));
        reconnect();
        plain.drainSoon();
        assertThat(link.writes).containsExactly(message(1));
        assertThat(stored()).isEmpty();
        plain.send(message(2));
        drop();
        link.up = true;
        plain.drainSoon();
        assertThat(link.writes).containsExactly(message(1), message(2));
    }

    /** What an event loop asks before it sends from its own thread: only a send that would touch no store says yes. */
    @Test
    void writesDirectlyOnlyWhileSendsGoStraightToTheLink() {
        assertThat(sender.writesDirectly()).as("nothing sent yet: not known").isFalse();
        sender.send(message(1));
        assertThat(sender.writesDirectly()).isTrue();
        drop();
        assertThat(sender.writesDirectly()).as("link down").isFalse();
        sender.send(message(2));
        assertThat(stored()).as("kept in the outbox").contains(message(2));
        link.up = true;
        assertThat(sender.writesDirectly()).as("up again, but the outbox still holds #2").isFalse();
        sender.drainSoon();
        answerAllChecks();
        assertThat(sender.waiting()).isZero();
        sender.send(message(3));
        assertThat(sender.writesDirectly()).as("the outbox is empty and #3 went straight out").isTrue();
        assertThat(link.writes).containsSubsequence(message(1), message(2), message(3));
    }

    /** A link whose writes always succeed while it is up. */
    static final class FakeLink implements StanzaLink {
        volatile boolean up = true;
        volatile boolean failNextWrite;
        /** Runs right after the next write succeeds (the connection dropping at that moment). */
        volatile Runnable afterNextWrite;
        final List<String> writes = new ArrayList<>();

        @Override
        public String domain() {
            return DOMAIN;
        }

        @Override
        public boolean isUp() {
            return up;
        }

        @Override
        public synchronized boolean send(CharSequence stanzaXml) {
            if (!up) {
                return false;
            }
            writes.add(stanzaXml.toString());
            return true;
        }

        @Override
        public CompletableFuture<Void> sendAndConfirm(CharSequence stanzaXml) {
            if (failNextWrite) {
                failNextWrite = false;
                return CompletableFuture.failedFuture(new IllegalStateException("connection reset"));
            }
            if (!send(stanzaXml)) {
                return CompletableFuture.failedFuture(new IllegalStateException("link is down"));
            }
            Runnable after = afterNextWrite;
            afterNextWrite = null;
            if (after != null) {
                after.run();
            }
            return CompletableFuture.completedFuture(null);
        }
    }
}
