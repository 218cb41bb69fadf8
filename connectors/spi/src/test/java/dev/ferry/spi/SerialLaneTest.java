package dev.ferry.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SerialLaneTest {

    final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "lane-worker"));
    final SerialLane lane = new SerialLane("test", worker);

    @AfterEach
    void tearDown() {
        worker.shutdownNow();
    }

    @Test
    void anIdleLaneRunsTheTaskOnTheCallersThread() {
        List<String> ranOn = new CopyOnWriteArrayList<>();
        assertThat(lane.runHereIfIdle(() -> ranOn.add(Thread.currentThread().getName()))).isTrue();
        assertThat(ranOn).containsExactly(Thread.currentThread().getName());
    }

    @Test
    void aTaskDoesNotOvertakeWorkGivenBeforeIt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<String> order = new CopyOnWriteArrayList<>();
        lane.execute(() -> {
            await(release);
            order.add("first:" + Thread.currentThread().getName());
        });
        assertThat(lane.runHereIfIdle(() -> order.add("second:" + Thread.currentThread().getName()))).isFalse();
        release.countDown();
        CountDownLatch done = new CountDownLatch(1);
        lane.execute(done::countDown);
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(order).containsExactly("first:lane-worker", "second:lane-worker");
    }

    @Test
    void workGivenDuringARunHereWaitsForItThenGoesToTheWorker() throws Exception {
        CountDownLatch given = new CountDownLatch(1);
        List<String> order = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        boolean ranHere = lane.runHereIfIdle(() -> {
            Thread other = new Thread(() -> {
                lane.execute(() -> {
                    order.add("later:" + Thread.currentThread().getName());
                    done.countDown();
                });
                given.countDown();
            });
            other.start();
            await(given);
            sleep(50); // had the worker been started, it would have run "later" by now
            order.add("here");
        });
        assertThat(ranHere).isTrue();
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(order).containsExactly("here", "later:lane-worker");
    }

    @Test
    void aFailingTaskDoesNotStopTheLane() throws Exception {
        assertThat(lane.runHereIfIdle(() -> {
            throw new IllegalStateException("boom");
        })).isTrue();
        lane.execute(() -> {
            throw new IllegalStateException("boom again");
        });
        CountDownLatch done = new CountDownLatch(1);
        lane.execute(done::countDown);
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        // and it is idle again once the worker has finished with it
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> lane.runHereIfIdle(() -> { }));
    }

    /**
     * Six threads (more than the cores, so they are preempted mid-call) giving 60,000 tasks both ways: never two at once, none lost, each thread's in its
     * order. Repeated, because the races it looks for need the threads to meet at the wrong moment
     * (a first version kept its count apart from its queue, and lost the order about once a run).
     */
    @org.junit.jupiter.api.RepeatedTest(100)
    void tasksNeverRunAtOnceAndNoneIsLost() throws Exception {
        int perThread = 10_000;
        int giverCount = 6;
        AtomicInteger running = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        int[] lastSeen = new int[giverCount];
        java.util.Arrays.fill(lastSeen, -1);
        AtomicInteger outOfOrder = new AtomicInteger();
        CountDownLatch all = new CountDownLatch(giverCount * perThread);
        Thread[] givers = new Thread[giverCount];
        for (int g = 0; g < giverCount; g++) {
            int giver = g;
            givers[g] = new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    int seq = i;
                    Runnable task = () -> {
                        if (running.incrementAndGet() != 1) {
                            overlaps.incrementAndGet();
                        }
                        if (lastSeen[giver] != seq - 1) {
                            outOfOrder.incrementAndGet();
                        }
                        lastSeen[giver] = seq;
                        if (seq % 64 == 0) {
                            Thread.yield(); // more ways for the givers to meet the worker mid-task
                        }
                        running.decrementAndGet();
                        all.countDown();
                    };
                    if (i % 2 == 0) {
                        lane.runHereIfIdle(task);
                    } else {
                        lane.execute(task);
                    }
                }
            });
            givers[g].start();
        }
        for (Thread t : givers) {
            t.join(30_000);
        }
        assertThat(all.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(overlaps.get()).isZero();
        assertThat(outOfOrder.get()).isZero();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
