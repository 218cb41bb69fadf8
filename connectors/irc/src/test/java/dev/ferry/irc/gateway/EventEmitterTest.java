package dev.ferry.irc.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.spi.Address;
import dev.ferry.spi.Delivery;
import dev.ferry.spi.Event;
import dev.ferry.spi.EventSink;
import dev.ferry.spi.Message;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventEmitterTest {

    static final Address CHANNEL = new Address("#ferry%irc.example.org", "irc.example.test", "bob");
    static final Address ALICE = Address.of("alice", "example.org");

    final ExecutorService thread = Executors.newSingleThreadExecutor(r -> new Thread(r, "emitter"));
    final List<String> passed = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() {
        thread.shutdownNow();
    }

    EventEmitter emitter(boolean withoutBlocking) {
        return new EventEmitter(new EventSink() {
            @Override
            public CompletionStage<Delivery> accept(Event event) {
                passed.add(((Message) event).body() + "@" + Thread.currentThread().getName());
                return CompletableFuture.completedFuture(Delivery.delivered());
            }

            @Override
            public boolean takesWithoutBlocking(Event event) {
                return withoutBlocking;
            }
        }, thread);
    }

    static Message line(String text) {
        return Message.chat(CHANNEL, ALICE, "", text);
    }

    @Test
    void anEventTheBridgeTakesWithoutBlockingIsPassedOnFromTheCallersThread() {
        emitter(true).emit(line("hi"));
        assertThat(passed).containsExactly("hi@" + Thread.currentThread().getName());
    }

    @Test
    void anEventTheBridgeMayBlockOnGoesToTheEmitterThread() {
        emitter(false).emit(line("hi"));
        Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> passed.size() == 1);
        assertThat(passed).containsExactly("hi@emitter");
    }

    /** Store work given before (history for a join) keeps its place: the line waits for it. */
    @Test
    void anEventWaitsBehindStoreWorkGivenBeforeIt() throws Exception {
        EventEmitter emitter = emitter(true);
        CountDownLatch release = new CountDownLatch(1);
        emitter.later(() -> {
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            emitter.deliver(line("history"));
        });
        emitter.emit(line("live"));
        assertThat(passed).isEmpty();
        release.countDown();
        Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> passed.size() == 2);
        assertThat(passed).containsExactly("history@emitter", "live@emitter");
    }
}
