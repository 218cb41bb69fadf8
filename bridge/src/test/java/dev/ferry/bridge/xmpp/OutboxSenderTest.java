package dev.ferry.bridge.xmpp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.bridge.stream.StanzaLink;
import dev.ferry.mappings.store.OutboxEntry;
import dev.ferry.mappings.store.Store;
import dev.ferry.mappings.store.StoreSettings;
import dev.ferry.spi.Delivery;
import java.nio.file.Path;
import java.util.ArrayDeque;
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
 * came back; a drop before that writes it again, in order, and from the store after a restart.
 */
class OutboxSenderTest {

    static final String DOMAIN = "irc.localhost";

    @TempDir
    Path dir;
    Store store;
    FakeLink link = new FakeLink();
    ArrayDeque<CompletableFuture<Object>> checks = new ArrayDeque<>();
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
        return new OutboxSender(DOMAIN, link, store.outbox(), Runnable::run, () -> {
            CompletableFuture<Object> answer = new CompletableFuture<>();
            checks.add(answer);
            return answer;
        });
    }

    static String message(int n) {
        return "<message to='alice@localhost' from='bob%localhost@irc.localhost' type='chat'><body>#" + n + "</body></message>";
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
        sender.send(message(2));
        assertThat(checks).as("a lone stanza gets a check of its own, right behind it").hasSize(2);
        checks.poll().complete("pong");
        assertThat(sender.unconfirmed()).as("#2 was written after the first check").isEqualTo(1);
        checks.poll().complete("pong");
        assertThat(sender.unconfirmed()).isZero();

        drop();
        reconnect();
        assertThat(link.writes).as("nothing confirmed is written twice").containsExactly(message(1), message(2));
        assertThat(sender.resent()).isZero();
    }

    @Test
    void aDropWritesTheUnconfirmedAgainBeforeWhatCameLater() {
        sender.send(message(1));
        sender.send(message(2));
        checks.poll().complete("pong"); // confirms #1; #2's check never comes back
        drop();
        sender.send(message(3));
        assertThat(stored()).as("#2 is back in the outbox, ahead of #3").containsExactly(message(2), message(3));
        reconnect();
        assertThat(link.writes).containsExactly(message(1), message(2), message(2), message(3));
        assertThat(sender.resent()).isEqualTo(1);
        assertThat(stored()).as("written again, but kept until confirmed").containsExactly(message(2), message(3));
        checks.pollLast().complete("pong"); // the new connection's check behind #3 confirms both
        assertThat(stored()).isEmpty();
        assertThat(sender.waiting()).isZero();
    }

    @Test
    void anAnswerOnAnOldConnectionConfirmsNothing() {
        sender.send(message(1));
        CompletableFuture<Object> old = checks.poll();
        drop();
        reconnect();
        assertThat(link.writes).containsExactly(message(1), message(1));
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
        assertThat(link.writes).containsExactly(message(1), message(1));
    }

    @Test
    void writtenButUnconfirmedRowsSurviveARestart() {
        link.up = false;
        sender.send(message(1));
        sender.send(message(2));
        reconnect();
        assertThat(link.writes).containsExactly(message(1), message(2));
        // Ferry dies here (kill -9): no round trip came back; the rows are still in the store.
        OutboxSender afterRestart = newSender();
        assertThat(afterRestart.waiting()).isEqualTo(2);
        afterRestart.drainSoon();
        assertThat(link.writes).containsExactly(message(1), message(2), message(1), message(2));
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

    /** A link whose writes always succeed while it is up. */
    static final class FakeLink implements StanzaLink {
        volatile boolean up = true;
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
            return send(stanzaXml) ? CompletableFuture.completedFuture(null)
                    : CompletableFuture.failedFuture(new IllegalStateException("link is down"));
        }
    }
}
