package dev.ferry.mail.smtp;

import dev.ferry.mappings.store.OutboxEntry;
import dev.ferry.mappings.store.OutboxRepository;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outgoing mail waits here, in the store's outbox (link {@code smtp:<mail domain>}), until the
 * smarthost takes it or refuses it for good: it survives a Ferry restart. {@code connections}
 * sender threads, each with its own SMTP connection, share the queue by entry id (id modulo
 * their number), each in id order; a deferred mail (4xx, smarthost down) is tried again with backoff
 * (1 s doubling to {@code retry-max-seconds}), and given up after {@code give-up-hours}. A mail
 * whose fate is unknown (the smarthost had all of it, then the connection was lost) is not tried
 * again: its sender is told it may not have arrived, rather than risk delivering it twice.
 * The first attempt's result completes the future the XMPP side waits on; what happens after
 * that is reported through {@link Listener}.
 */
public final class SmtpOutbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SmtpOutbox.class);
    private static final int BATCH = 64;

    /** Told about mails whose first attempt was already reported. */
    public interface Listener {
        void sentLater(QueuedMail mail);

        /** {@code result} is PERMANENT (refused, or given up) or UNKNOWN. */
        void failedLater(QueuedMail mail, SendResult result);
    }

    private final OutboxRepository outbox;
    private final String link;
    private final java.util.function.Supplier<Smarthost> smarthosts;
    private final List<Smarthost> open = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Listener listener;
    private final Duration retryMax;
    private final Duration giveUp;
    private final Map<Long, CompletableFuture<SendResult>> firstAttempt = new ConcurrentHashMap<>();
    private final Map<Long, Instant> notBefore = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final List<Thread> senders = new java.util.ArrayList<>();
    private final int connections;
    private volatile boolean running = true;
    private long signals;

    /** @param smarthosts makes one smarthost connection per sender thread */
    public SmtpOutbox(OutboxRepository outbox, String mailDomain, java.util.function.Supplier<Smarthost> smarthosts, int connections,
                      Listener listener, Duration retryMax, Duration giveUp) {
        this.outbox = outbox;
        this.link = "smtp:" + mailDomain;
        this.smarthosts = smarthosts;
        this.connections = Math.max(1, connections);
        this.listener = listener;
        this.retryMax = retryMax;
        this.giveUp = giveUp;
    }

    public void start() {
        for (int k = 0; k < connections; k++) {
            int share = k;
            Thread t = new Thread(() -> run(share), "ferry-mail-outbox-" + k);
            t.setDaemon(true);
            senders.add(t);
            t.start();
        }
    }

    /** Stores the mail, then has it sent; completes with the first attempt's result. */
    public CompletableFuture<SendResult> submit(QueuedMail mail) {
        CompletableFuture<SendResult> result = new CompletableFuture<>();
        long id = outbox.enqueue(link, mail.serialize());
        firstAttempt.put(id, result);
        wake();
        return result;
    }

    public long depth() {
        return outbox.depth(link);
    }

    private void wake() {
        lock.lock();
        try {
            signals++;
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void run(int share) {
        Smarthost smarthost = smarthosts.get();
        open.add(smarthost);
        long seen = -1;
        while (running) {
            lock.lock();
            try {
                seen = signals;
            } finally {
                lock.unlock();
            }
            Duration wait;
            try {
                wait = drain(share, smarthost);
            } catch (RuntimeException e) {
                LOG.warn("mail outbox: {}", e.getMessage());
                wait = Duration.ofSeconds(5);
            }
            lock.lock();
            try {
                // A signal that came while draining means new mail: look again at once.
                if (signals == seen && running) {
                    work.awaitNanos(wait.toNanos());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                lock.unlock();
            }
        }
    }

    /** Sends what is due of this thread's share; returns how long until the next entry is due. */
    private Duration drain(int share, Smarthost smarthost) {
        Duration next = Duration.ofSeconds(60);
        long afterId = -1;
        while (running) {
            List<OutboxEntry> entries = outbox.peek(link, BATCH * connections + notBefore.size());
            boolean progressed = false;
            for (OutboxEntry e : entries) {
                if (e.id() <= afterId || e.id() % connections != share) {
                    continue;
                }
                afterId = e.id();
                Instant due = notBefore.get(e.id());
                Instant now = Instant.now();
                if (due != null && due.isAfter(now)) {
                    Duration d = Duration.between(now, due);
                    next = d.compareTo(next) < 0 ? d : next;
                    continue;
                }
                progressed = true;
                SendResult r = attempt(e, smarthost);
                if (r.kind() == SendResult.Kind.TEMPORARY && r.reason().contains("unavailable")) {
                    // The smarthost is down: every other mail would fail the same way now.
                    Duration d = Duration.between(Instant.now(), notBefore.getOrDefault(e.id(), Instant.now()));
                    return d.isNegative() ? Duration.ofSeconds(1) : d;
                }
            }
            if (!progressed || entries.size() < BATCH * connections) {
                return next;
            }
        }
        return next;
    }

    private SendResult attempt(OutboxEntry e, Smarthost smarthost) {
        QueuedMail mail;
        try {
            mail = QueuedMail.parse(e.payload());
        } catch (IllegalArgumentException bad) {
            LOG.error("mail outbox entry {} is unreadable and was removed: {}", e.id(), bad.getMessage());
            outbox.remove(e.id());
            return SendResult.permanent(bad.getMessage());
        }
        SendResult r = smarthost.send(mail.envelopeFrom(), mail.recipient(), mail.raw().getBytes(StandardCharsets.ISO_8859_1));
        CompletableFuture<SendResult> waiting = firstAttempt.remove(e.id());
        switch (r.kind()) {
            case SENT -> {
                outbox.remove(e.id());
                notBefore.remove(e.id());
                if (waiting != null) {
                    waiting.complete(r);
                } else {
                    listener.sentLater(mail);
                }
            }
            case PERMANENT, UNKNOWN -> {
                outbox.remove(e.id());
                notBefore.remove(e.id());
                if (waiting != null) {
                    waiting.complete(r);
                } else {
                    listener.failedLater(mail, r);
                }
            }
            default -> {
                if (Duration.between(e.queuedAt(), Instant.now()).compareTo(giveUp) > 0) {
                    outbox.remove(e.id());
                    notBefore.remove(e.id());
                    String why = "gave up after " + giveUp.toHours() + " hours: " + r.reason();
                    if (waiting != null) {
                        waiting.complete(SendResult.permanent(why));
                    } else {
                        listener.failedLater(mail, SendResult.permanent(why));
                    }
                    break;
                }
                outbox.recordAttempt(e.id());
                notBefore.put(e.id(), Instant.now().plus(backoff(e.attempts() + 1)));
                if (waiting != null) {
                    waiting.complete(r);
                }
            }
        }
        return r;
    }

    /** 1 s, 2 s, 4 s ... up to retry-max. */
    Duration backoff(int attempts) {
        long seconds = 1L << Math.min(20, Math.max(0, attempts - 1));
        return Duration.ofSeconds(Math.min(seconds, retryMax.toSeconds()));
    }

    @Override
    public void close() {
        running = false;
        wake();
        for (Thread t : senders) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        open.forEach(Smarthost::close);
        firstAttempt.values().forEach(f -> f.complete(SendResult.temporary("Ferry is stopping; the mail stays in the outbox")));
    }
}
