package dev.ferry.sip.transport;

import java.util.Locale;

/**
 * One {@code sip.listen} entry: {@code udp:127.0.0.1:5060}, {@code tcp:127.0.0.1:5060} or
 * {@code tls:127.0.0.1:5061}.
 */
public record ListenAddress(String transport, String host, int port) {

    public static ListenAddress parse(String spec) {
        String[] parts = spec == null ? new String[0] : spec.trim().split(":");
        if (parts.length != 3) {
            throw new IllegalArgumentException("'" + spec + "' is not transport:host:port (e.g. udp:127.0.0.1:5060)");
        }
        String transport = parts[0].toLowerCase(Locale.ROOT);
        if (!transport.equals("udp") && !transport.equals("tcp") && !transport.equals("tls")) {
            throw new IllegalArgumentException("'" + spec + "': transport must be udp, tcp or tls");
        }
        int port;
        try {
            port = Integer.parseInt(parts[2]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + spec + "': '" + parts[2] + "' is not a port");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("'" + spec + "': port out of range 1..65535");
        }
        return new ListenAddress(transport, parts[1], port);
    }

    @Override
    public String toString() {
        return transport + ":" + host + ":" + port;
    }
}
