package dev.ferry.bridge.e2e.fault;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP proxy whose connections can stall: {@link #stall()} makes every connection open
 * at that moment stop forwarding in both directions without closing anything — a path that
 * silently eats packets (a dropped NAT entry, a dead link). Neither end learns of it; a close
 * on one end no longer reaches the other. Connections made afterwards forward normally, as a
 * new flow through a recovered path would. Each connection gets two pump threads.
 */
final class StallingTcpProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Flow> flows = new CopyOnWriteArrayList<>();
    private volatile boolean closed;
    private volatile int accepted;

    StallingTcpProxy(int listenPort, int targetPort) throws IOException {
        this.targetPort = targetPort;
        server = new ServerSocket(listenPort, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "stalling-proxy-" + listenPort);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** One accepted connection and its upstream; once stalled it stays stalled. */
    private static final class Flow {
        volatile boolean stalled;
    }

    /** Stops forwarding on every connection open now; they stay open. */
    void stall() {
        flows.forEach(f -> f.stalled = true);
    }

    /** Connections accepted so far (a reconnect makes a new one). */
    int accepted() {
        return accepted;
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                sockets.add(client);
                sockets.add(upstream);
                accepted++;
                Flow flow = new Flow();
                flows.add(flow);
                pump(flow, client, upstream);
                pump(flow, upstream, client);
            } catch (IOException e) {
                if (!closed) {
                    continue;
                }
                return;
            }
        }
    }

    private void pump(Flow flow, Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    while (flow.stalled && !closed) {
                        Thread.sleep(100); // holds what it read; reads nothing more
                    }
                    if (closed) {
                        return;
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException ignored) {
                // one side closed
            } finally {
                if (!flow.stalled) {
                    closeQuietly(from);
                    closeQuietly(to);
                }
            }
        }, "stalling-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        sockets.forEach(StallingTcpProxy::closeQuietly);
    }
}
