package dev.ferry.bridge.stream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal in-process XEP-0114 server for tests, on plain blocking sockets so that it shares no
 * code with the client under test: answers the stream header, checks the handshake against its own
 * SHA-1, says {@code not-authorized} / {@code host-unknown} like Prosody, then lets the test push
 * raw bytes and read what the client wrote.
 */
final class FakeComponentServer implements AutoCloseable {

    private static final Pattern TO = Pattern.compile("to=['\"]([^'\"]*)['\"]");
    private static final Pattern HANDSHAKE = Pattern.compile("<handshake>([0-9a-f]*)</handshake>");

    private final String secret;
    private final Set<String> domains;
    private final ServerSocket serverSocket;
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final BlockingQueue<Connection> handshaken = new LinkedBlockingQueue<>();
    /** When each client stream header arrived, in nanoTime, for backoff assertions. */
    private final List<Long> attempts = new CopyOnWriteArrayList<>();
    private volatile boolean stopped;

    private FakeComponentServer(int port, String secret, Set<String> domains) throws IOException {
        this.secret = secret;
        this.domains = domains;
        this.serverSocket = new ServerSocket();
        serverSocket.setReuseAddress(true);
        serverSocket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        Thread acceptor = new Thread(this::acceptLoop, "fake-xmpp-accept-" + port());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static FakeComponentServer start(String secret, String... domains) throws IOException {
        return new FakeComponentServer(0, secret, Set.of(domains));
    }

    static FakeComponentServer startOn(int port, String secret, String... domains) throws IOException {
        return new FakeComponentServer(port, secret, Set.of(domains));
    }

    /** A port on which nothing listens (bound, then released). */
    static int unusedPort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    int port() {
        return serverSocket.getLocalPort();
    }

    List<Long> attempts() {
        return List.copyOf(attempts);
    }

    List<Connection> connections() {
        return List.copyOf(connections);
    }

    /** The next connection whose handshake this server accepted. */
    Connection awaitHandshaken(Duration timeout) throws InterruptedException {
        Connection next = handshaken.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (next == null) {
            throw new AssertionError("no accepted handshake within " + timeout);
        }
        return next;
    }

    @Override
    public void close() throws IOException {
        stopped = true;
        serverSocket.close();
        for (Connection connection : connections) {
            connection.abort();
        }
    }

    private void acceptLoop() {
        while (!stopped) {
            try {
                Socket socket = serverSocket.accept();
                Connection connection = new Connection(socket);
                connections.add(connection);
                Thread reader = new Thread(connection::run, "fake-xmpp-conn");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    static String sha1Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** One client connection: everything the client wrote is kept in order. */
    final class Connection {

        private final Socket socket;
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();
        private volatile String domain = "";
        private volatile String streamId = "";
        private volatile String handshakeSent = "";
        private volatile boolean closed;

        Connection(Socket socket) {
            this.socket = socket;
        }

        String domain() {
            return domain;
        }

        String streamId() {
            return streamId;
        }

        String handshakeSent() {
            return handshakeSent;
        }

        boolean closed() {
            return closed;
        }

        /** Everything the client has written so far, as text. */
        String received() {
            synchronized (received) {
                return received.toString(StandardCharsets.UTF_8);
            }
        }

        void send(String text) {
            sendBytes(text.getBytes(StandardCharsets.UTF_8));
        }

        void sendBytes(byte[] bytes) {
            try {
                OutputStream out = socket.getOutputStream();
                out.write(bytes);
                out.flush();
            } catch (IOException e) {
                throw new IllegalStateException("fake server could not write", e);
            }
        }

        /** Writes each byte in its own TCP segment (Nagle off, short pause between writes). */
        void sendOneByteAtATime(String text) throws InterruptedException {
            try {
                socket.setTcpNoDelay(true);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
                sendBytes(new byte[] {b});
                Thread.sleep(0, 200_000);
            }
        }

        void abort() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }

        private void run() {
            try (socket) {
                InputStream in = socket.getInputStream();
                String header = readUntil(in, Pattern.compile("<stream:stream[^>]*>"));
                attempts.add(System.nanoTime());
                Matcher to = TO.matcher(header);
                domain = to.find() ? to.group(1) : "";
                streamId = Long.toHexString(ThreadLocalRandom.current().nextLong());
                String ourHeader = "<?xml version='1.0'?><stream:stream xmlns:stream='http://etherx.jabber.org/streams'"
                        + " xmlns='jabber:component:accept' id='" + streamId + "' from='" + domain + "'>";
                if (!domains.contains(domain)) {
                    send(ourHeader + "<stream:error><host-unknown xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"
                            + "<text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>" + domain
                            + " does not match any configured external components</text></stream:error></stream:stream>");
                    return;
                }
                send(ourHeader);
                String handshake = readUntil(in, HANDSHAKE);
                Matcher digest = HANDSHAKE.matcher(handshake);
                digest.find();
                handshakeSent = digest.group(1);
                if (!handshakeSent.equals(sha1Hex(streamId + secret))) {
                    send("<stream:error><not-authorized xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"
                            + "<text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>Given token does not match calculated token</text>"
                            + "</stream:error></stream:stream>");
                    return;
                }
                send("<handshake/>");
                handshaken.add(this);
                byte[] buffer = new byte[8192];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    synchronized (received) {
                        received.write(buffer, 0, n);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the client or the test closed the connection
            } finally {
                closed = true;
            }
        }

        /** Reads until everything received so far matches {@code pattern}; returns the text read. */
        private String readUntil(InputStream in, Pattern pattern) throws IOException {
            while (true) {
                String text = received();
                if (pattern.matcher(text).find()) {
                    return text;
                }
                int b = in.read();
                if (b < 0) {
                    throw new IOException("client closed before sending " + pattern);
                }
                synchronized (received) {
                    received.write(b);
                }
            }
        }
    }
}
