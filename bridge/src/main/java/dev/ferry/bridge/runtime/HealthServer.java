package dev.ferry.bridge.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/** {@code /health} (JSON, 200 when every link is up, else 503) and {@code /metrics} (Prometheus text). */
public final class HealthServer implements AutoCloseable {

    private final HttpServer server;

    public HealthServer(InetSocketAddress listen, Supplier<HealthReport> health, PrometheusMeterRegistry metrics)
            throws IOException {
        server = HttpServer.create(new InetSocketAddress(listen.getHostString(), listen.getPort()), 16);
        server.createContext("/health", ex -> {
            HealthReport r = health.get();
            respond(ex, r.healthy() ? 200 : 503, "application/json", r.toJson());
        });
        server.createContext("/metrics", ex -> respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape()));
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ferry-http");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    private static void respond(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
