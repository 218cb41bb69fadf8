package dev.ferry.bridge.s2s;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.minidns.dnsmessage.DnsMessage;
import org.minidns.dnsmessage.Question;
import org.minidns.record.Data;
import org.minidns.record.InternetAddressRR;
import org.minidns.record.Record;
import org.minidns.record.SRV;

/**
 * Where a remote domain's server listens (RFC 6120 §3.2, XEP-0368): a static route from the
 * config first, else the SRV records {@code _xmpps-server._tcp} (direct TLS) and
 * {@code _xmpp-server._tcp} by priority, else the domain itself on 5269. Host names are resolved
 * through the same DNS server (A, then AAAA). Blocking: call it off the event loop.
 *
 * <p>DNS messages are built and parsed by MiniDNS (already on Smack's classpath); the query goes
 * over UDP to the configured server so tests and operators can point it at their own resolver.
 */
final class S2sResolver {

    static final int DEFAULT_PORT = 5269;
    private static final int TIMEOUT_MILLIS = 3000;

    /** One place to try. */
    record Target(String host, InetSocketAddress address, boolean directTls) {
    }

    /** No server for this domain: the DNS says so or has nothing. */
    static final class NotFound extends IOException {
        private static final long serialVersionUID = 1L;

        NotFound(String message) {
            super(message);
        }
    }

    private final Map<String, InetSocketAddress> hosts;
    private final Optional<InetSocketAddress> dnsServer;
    private final SecureRandom ids = new SecureRandom();

    S2sResolver(Map<String, InetSocketAddress> hosts, Optional<InetSocketAddress> dnsServer) {
        this.hosts = hosts;
        this.dnsServer = dnsServer;
    }

    List<Target> resolve(String domain) throws IOException {
        String d = domain.toLowerCase(Locale.ROOT);
        InetSocketAddress pinned = hosts.get(d);
        if (pinned != null) {
            return List.of(new Target(d, resolved(pinned), false));
        }
        List<Target> out = new ArrayList<>();
        List<SRV> direct = srv("_xmpps-server._tcp." + d);
        List<SRV> starttls = srv("_xmpp-server._tcp." + d);
        if (isRefusal(direct) && isRefusal(starttls)) {
            throw new NotFound(d + " says by DNS (SRV target '.') that it offers no XMPP service");
        }
        List<Object[]> ordered = new ArrayList<>();
        direct.forEach(s -> ordered.add(new Object[] {s, true}));
        starttls.forEach(s -> ordered.add(new Object[] {s, false}));
        ordered.sort(Comparator.comparingInt((Object[] o) -> ((SRV) o[0]).priority)
                .thenComparing(o -> -((SRV) o[0]).weight).thenComparing(o -> (Boolean) o[1] ? 0 : 1));
        for (Object[] o : ordered) {
            SRV s = (SRV) o[0];
            if (!s.isServiceAvailable()) {
                continue;
            }
            String host = s.target.ace;
            for (InetAddress a : addresses(host)) {
                out.add(new Target(host, new InetSocketAddress(a, s.port), (Boolean) o[1]));
            }
        }
        if (ordered.isEmpty()) {
            for (InetAddress a : addresses(d)) {
                out.add(new Target(d, new InetSocketAddress(a, DEFAULT_PORT), false));
            }
        }
        if (out.isEmpty()) {
            throw new NotFound("no address for " + d + " (SRV, A and AAAA)");
        }
        return out;
    }

    private static boolean isRefusal(List<SRV> records) {
        return records.size() == 1 && !records.get(0).isServiceAvailable();
    }

    private InetSocketAddress resolved(InetSocketAddress a) throws IOException {
        if (!a.isUnresolved()) {
            return a;
        }
        if (a.getHostString().matches("[0-9.]+") || a.getHostString().contains(":")) {
            return new InetSocketAddress(InetAddress.getByName(a.getHostString()), a.getPort()); // a literal: no lookup
        }
        List<InetAddress> all = addresses(a.getHostString());
        if (all.isEmpty()) {
            throw new NotFound("no address for " + a.getHostString());
        }
        return new InetSocketAddress(all.get(0), a.getPort());
    }

    private List<SRV> srv(String name) throws IOException {
        List<SRV> out = new ArrayList<>();
        for (Record<? extends Data> r : query(name, Record.TYPE.SRV)) {
            if (r.payloadData instanceof SRV s) {
                out.add(s);
            }
        }
        return out;
    }

    private List<InetAddress> addresses(String host) throws IOException {
        if (dnsServer.isEmpty()) {
            try {
                return List.of(InetAddress.getAllByName(host));
            } catch (UnknownHostException e) {
                return List.of();
            }
        }
        List<InetAddress> out = new ArrayList<>();
        for (Record.TYPE type : new Record.TYPE[] {Record.TYPE.A, Record.TYPE.AAAA}) {
            for (Record<? extends Data> r : query(host, type)) {
                if (r.payloadData instanceof InternetAddressRR<?> a) {
                    out.add(a.getInetAddress());
                }
            }
        }
        return out;
    }

    private List<Record<? extends Data>> query(String name, Record.TYPE type) throws IOException {
        InetSocketAddress server = dnsServer.orElseGet(S2sResolver::systemNameserver);
        int id = ids.nextInt(0x10000);
        byte[] request = DnsMessage.builder().setId(id).setRecursionDesired(true)
                .setQuestion(new Question(name, type)).build().toArray();
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(TIMEOUT_MILLIS);
            for (int attempt = 0; attempt < 2; attempt++) {
                socket.send(new DatagramPacket(request, request.length, server));
                byte[] buffer = new byte[4096];
                DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
                try {
                    do {
                        socket.receive(reply);
                    } while (!reply.getSocketAddress().equals(server));
                } catch (SocketTimeoutException e) {
                    continue;
                }
                DnsMessage answer = new DnsMessage(java.util.Arrays.copyOf(buffer, reply.getLength()));
                if (answer.id != id) {
                    continue;
                }
                if (answer.responseCode == DnsMessage.RESPONSE_CODE.NX_DOMAIN) {
                    return List.of();
                }
                if (answer.responseCode != DnsMessage.RESPONSE_CODE.NO_ERROR) {
                    throw new IOException("DNS server " + server + " answered " + answer.responseCode + " for " + type + " " + name);
                }
                return answer.answerSection.stream().filter(r -> r.type == type).toList();
            }
        }
        throw new IOException("DNS server " + server + " did not answer " + type + " " + name);
    }

    private static InetSocketAddress systemNameserver() {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/resolv.conf"))) {
                String[] parts = line.trim().split("\\s+");
                if (parts.length >= 2 && parts[0].equals("nameserver")) {
                    return new InetSocketAddress(InetAddress.getByName(parts[1]), 53);
                }
            }
        } catch (IOException e) {
            // fall through to the loopback resolver
        }
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 53);
    }
}
