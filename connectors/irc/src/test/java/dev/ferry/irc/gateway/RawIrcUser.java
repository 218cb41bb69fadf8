package dev.ferry.irc.gateway;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A plain-socket IRC user on a test server: no IRC library between the test and the server. */
final class RawIrcUser implements AutoCloseable {

    private static final int READ_TIMEOUT_MILLIS = 20_000;

    private final Socket socket;
    private final OutputStream out;
    private final BufferedReader in;
    private int syncs;

    /** Connects to 127.0.0.1:{@code port} and registers as {@code nick} (returns at the server's 001). */
    RawIrcUser(int port, String nick) throws Exception {
        socket = new Socket("127.0.0.1", port);
        // A server that never sends what a test waits for fails the test instead of hanging it.
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        out = socket.getOutputStream();
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        send("NICK " + nick, "USER " + nick + " 0 * :" + nick);
        readUntil(" 001 ");
    }

    /** Each line with CR LF after it, flushed together. */
    void send(String... lines) throws Exception {
        for (String line : lines) {
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        out.flush();
    }

    /** Returns once the server has handled everything sent so far (its PONG follows it). */
    void sync() throws Exception {
        send("PING :sync" + ++syncs);
        readUntil("PONG");
    }

    /** Reads until a line containing {@code marker}, answering the server's PINGs. */
    void readUntil(String marker) throws Exception {
        for (String line; (line = in.readLine()) != null; ) {
            if (line.startsWith("PING")) {
                send("PONG " + line.substring(5));
            } else if (line.contains(marker)) {
                return;
            }
        }
        throw new IllegalStateException("the server closed the connection before " + marker);
    }

    @Override
    public void close() throws Exception {
        socket.close();
    }
}
