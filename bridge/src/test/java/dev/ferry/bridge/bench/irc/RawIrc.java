package dev.ferry.bridge.bench.irc;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A plain IRC client on a socket, the "other person" of the benchmark: registers, answers PINGs,
 * hands every line to a listener (on its reader thread) and keeps the rest for {@link #await}.
 */
public final class RawIrc implements AutoCloseable {

    private final Socket socket;
    private final BufferedWriter out;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private volatile Consumer<String> listener = l -> { };
    private final Thread reader;

    public RawIrc(int port, String nick) throws IOException, InterruptedException {
        socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        out = new BufferedWriter(new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8), 1 << 16);
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8), 1 << 16);
        reader = new Thread(() -> {
            try {
                for (String l; (l = in.readLine()) != null; ) {
                    if (l.startsWith("PING ")) {
                        send("PONG " + l.substring(5));
                        continue;
                    }
                    listener.accept(l);
                    if (lines.size() < 100_000) {
                        lines.add(l);
                    }
                }
            } catch (IOException e) {
                // closed
            }
        }, "bench-irc-" + nick);
        reader.setDaemon(true);
        reader.start();
        send("NICK " + nick);
        send("USER " + nick + " 0 * :bench");
        await(l -> l.contains(" 001 "), 10);
    }

    public void onLine(Consumer<String> l) {
        listener = l;
    }

    void clear() {
        lines.clear();
    }

    public synchronized void send(String line) throws IOException {
        out.write(line);
        out.write("\r\n");
        out.flush();
    }

    /** Writes without flushing; {@link #flush()} after a batch. */
    synchronized void write(String line) throws IOException {
        out.write(line);
        out.write("\r\n");
    }

    synchronized void flush() throws IOException {
        out.flush();
    }

    public String await(Predicate<String> p, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            long left = deadline - System.nanoTime();
            String l = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
            if (l == null) {
                throw new IllegalStateException("IRC: timed out waiting for a line");
            }
            if (p.test(l)) {
                return l;
            }
        }
    }

    @Override
    public void close() {
        try {
            send("QUIT :bench done");
        } catch (IOException e) {
            // already gone
        }
        try {
            socket.close();
        } catch (IOException e) {
            // ignore
        }
    }
}
