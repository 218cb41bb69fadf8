package dev.ferry.bridge.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A person on IRC, at the level of raw lines: what a real IRC user's client would send and see.
 * Answers PING; everything else is queued for the test to read, and shown to an optional
 * listener on the reader thread, in order, as it arrives.
 */
public final class RawIrcClient implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private volatile boolean open = true;
    private final Consumer<String> listener;
    final String nick;

    public RawIrcClient(int port, String nick) throws IOException {
        this(port, nick, line -> { });
    }

    public RawIrcClient(int port, String nick, Consumer<String> listener) throws IOException {
        this.nick = nick;
        this.listener = listener;
        socket = new Socket("127.0.0.1", port);
        out = socket.getOutputStream();
        Thread reader = new Thread(this::read, "raw-irc-" + nick);
        reader.setDaemon(true);
        reader.start();
        send("NICK " + nick);
        send("USER " + nick + " 0 * :" + nick);
        await(l -> l.contains(" 001 "), Duration.ofSeconds(10));
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("PING ")) {
                    send("PONG " + line.substring(5));
                } else {
                    lines.add(line);
                    listener.accept(line);
                }
            }
        } catch (IOException ignored) {
            // socket closed by the test
        } finally {
            open = false;
        }
    }

    /** False once the server closed the connection (or the test did). */
    public boolean isOpen() {
        return open;
    }

    /** The next line within {@code timeout}, or null. */
    public String poll(Duration timeout) throws InterruptedException {
        return lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public synchronized void send(String line) {
        try {
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first line matching {@code p} within {@code timeout}; lines before it are consumed. */
    public String await(Predicate<String> p, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        try {
            while (System.nanoTime() < end) {
                String l = lines.poll(Math.max(1, (end - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
                if (l != null && p.test(l)) {
                    return l;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new AssertionError(nick + ": no matching IRC line within " + timeout);
    }

    public String await(Predicate<String> p) {
        return await(p, Duration.ofSeconds(15));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
