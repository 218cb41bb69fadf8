package dev.ferry.bridge.e2e.fault;

import dev.ferry.bridge.e2e.RawIrcClient;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;

/**
 * A person on IRC sending numbered lines, knowing which ones the server took: IRC has no
 * acknowledgement, but a server handles one client's lines in order, so a PONG to the
 * {@code PING :confirm-s} written after line s confirms every line up to s. When the connection
 * dies, the lines not confirmed are what an IRC user's client reports as possibly not sent: for
 * the ledger, the sender got an error. Everything else the server sends is handed to
 * {@code onLine} (the PRIVMSGs of others, JOINs).
 */
final class ConfirmingIrcSender implements AutoCloseable {

    private record Pending(MessageTally tally, int n) {
    }

    private final RawIrcClient client;
    /** Sequence of the line → its ledger entry, written but not confirmed. */
    private final Map<Long, Pending> unconfirmed = new ConcurrentSkipListMap<>();
    private final Thread reader;
    private long sequence;
    private volatile boolean lostReported;

    ConfirmingIrcSender(int port, String nick, String channel, Consumer<String> onLine) throws IOException {
        this.client = new RawIrcClient(port, nick);
        client.send("JOIN " + channel);
        client.await(l -> l.contains(" 366 "));
        reader = new Thread(() -> read(onLine), "irc-sender-" + nick);
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Sends number {@code n} of {@code tally} to {@code target} (a channel or a nick); false (and
     * nothing recorded as sent) when the connection is already gone.
     */
    synchronized boolean send(MessageTally tally, String target, int n) {
        if (lostReported || !client.isOpen()) {
            return false;
        }
        long s = ++sequence;
        unconfirmed.put(s, new Pending(tally, n));
        String body = tally.send(n);
        try {
            client.send("PRIVMSG " + target + " :" + body);
            client.send("PING :confirm-" + s);
        } catch (IllegalStateException e) {
            // the write itself failed: the user's client says so at once
            reportLost();
        }
        return true;
    }

    int unconfirmedCount() {
        return unconfirmed.size();
    }

    private void read(Consumer<String> onLine) {
        try {
            while (true) {
                String line = client.poll(Duration.ofMillis(200));
                if (line == null) {
                    if (!client.isOpen()) {
                        break;
                    }
                    continue;
                }
                int at = line.indexOf(":confirm-");
                if (line.contains(" PONG ") && at >= 0) {
                    long upTo = Long.parseLong(line.substring(at + ":confirm-".length()).trim());
                    unconfirmed.keySet().removeIf(k -> k <= upTo);
                } else {
                    onLine.accept(line);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        reportLost();
    }

    private synchronized void reportLost() {
        if (lostReported) {
            return;
        }
        lostReported = true;
        unconfirmed.values().forEach(p -> p.tally().errored(p.n(), "IRC connection lost before the server confirmed the line"));
        unconfirmed.clear();
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
