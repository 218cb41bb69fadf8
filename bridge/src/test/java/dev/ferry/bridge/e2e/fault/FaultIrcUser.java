package dev.ferry.bridge.e2e.fault;

import dev.ferry.bridge.e2e.RawIrcClient;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * A person on a real IRC server, as raw lines, sending numbered private messages and learning
 * which of them failed. IRC answers a PRIVMSG only when it fails (401 no such nick), so every
 * message is followed by {@code PING :n}: the server answers in order, and a refusal seen before
 * {@code PONG n} belongs to message {@code n}. Ferry's later word that a message may not have
 * reached its XMPP user comes as a NOTICE quoting it, and counts as that message's error.
 */
final class FaultIrcUser implements AutoCloseable {

    final String nick;
    private final Consumer<String> privmsgBodies;
    private final MessageTally refusals;
    /** A refusal seen since the last PONG; it belongs to the message the next PONG numbers. Reader thread only. */
    private String refusedSincePong;
    private volatile String firstPrivmsgFrom;
    private final RawIrcClient client;

    /**
     * Connects as {@code nick}; {@code privmsgBodies} sees the text of every PRIVMSG sent to us,
     * {@code refusals} gets an error for every numbered message the server refused.
     */
    FaultIrcUser(int port, String nick, Consumer<String> privmsgBodies, MessageTally refusals) throws IOException {
        this.nick = nick;
        this.privmsgBodies = privmsgBodies;
        this.refusals = refusals;
        client = new RawIrcClient(port, nick, this::onLine);
    }

    private void onLine(String line) {
        String[] words = line.split(" ", 4);
        String command = words.length > 1 ? words[1] : "";
        if (command.equals("PRIVMSG") && words.length > 3 && words[2].equals(nick)) {
            if (firstPrivmsgFrom == null) {
                firstPrivmsgFrom = words[0].substring(1, words[0].indexOf('!'));
            }
            privmsgBodies.accept(words[3].startsWith(":") ? words[3].substring(1) : words[3]);
        } else if (command.equals("NOTICE") && words.length > 3 && words[2].equals(nick)
                && words[3].contains("may not have arrived")) {
            refusals.erroredFrom(words[3], line);
        } else if (command.equals("401") || command.equals("404") || command.equals("411")) {
            refusedSincePong = line;
        } else if (command.equals("PONG")) {
            int token = line.lastIndexOf(":n");
            Integer n = token < 0 ? null : Integer.valueOf(line.substring(token + 2).trim());
            if (n != null && refusedSincePong != null) {
                refusals.errored(n, refusedSincePong);
            }
            refusedSincePong = null;
        }
    }

    /** Sends message {@code n} (its body from {@code tally}) to {@code target}, followed by its numbered PING. */
    synchronized void sendNumbered(String target, MessageTally tally, int n) {
        String body = tally.send(n);
        send("PRIVMSG " + target + " :" + body);
        send("PING :n" + n);
    }

    /** The nick of whoever sent us the first PRIVMSG (the puppet of an XMPP user). */
    String firstPrivmsgFrom(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (firstPrivmsgFrom == null && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        if (firstPrivmsgFrom == null) {
            throw new AssertionError(nick + ": no private message within " + timeout);
        }
        return firstPrivmsgFrom;
    }

    /** Synchronized with {@link #sendNumbered}, so nothing comes between a message and its PING. */
    synchronized void send(String line) {
        client.send(line);
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
