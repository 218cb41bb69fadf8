package dev.ferry.bridge.bench.irc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * TCP sockets on the IRC server's port, read from /proc/net/tcp (and tcp6: the JVM's sockets are
 * dual-stack, so Ferry's IPv4 connections are listed there): the server's side by state, and the
 * connections a gateway process holds (by the socket inodes under /proc/PID/fd).
 */
final class IrcSockets {

    /** The gateway process's established TCP connections to the IRC port (its sockets' inodes in /proc/net/tcp and tcp6). */
    static long heldBy(long pid, int ircPort) {
        Set<String> inodes = new HashSet<>();
        try (var fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        } catch (IOException e) {
            return -1;
        }
        String port = String.format(Locale.ROOT, ":%04X", ircPort);
        long n = 0;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String l : Files.readAllLines(Path.of(table))) {
                    String[] f = l.trim().split("\\s+");
                    if (f.length > 9 && f[2].endsWith(port) && f[3].equals("01") && inodes.contains(f[9])) {
                        n++;
                    }
                }
            } catch (IOException e) {
                return -1;
            }
        }
        return n;
    }

    /** The IRC server's sockets on its port by TCP state (01 ESTABLISHED, 08 CLOSE_WAIT, ...), LISTEN left out. */
    static Map<String, Long> serverStates(int port) {
        String hex = String.format(Locale.ROOT, ":%04X", port);
        Map<String, Long> states = new TreeMap<>();
        try {
            for (String l : Files.readAllLines(Path.of("/proc/net/tcp"))) {
                String[] f = l.trim().split("\\s+");
                if (f.length > 3 && f[1].endsWith(hex) && !f[3].equals("0A")) {
                    states.merge(TCP_STATES.getOrDefault(f[3], f[3]), 1L, Long::sum);
                }
            }
        } catch (IOException e) {
            states.put("unreadable", -1L);
        }
        return states;
    }

    private static final Map<String, String> TCP_STATES = Map.of("01", "ESTABLISHED", "06", "TIME_WAIT", "07", "CLOSE",
            "08", "CLOSE_WAIT", "09", "LAST_ACK", "04", "FIN_WAIT1", "05", "FIN_WAIT2");

    /** Established TCP connections to the IRC port, from /proc/net/tcp (local port in hex, state 01). */
    static long established(int port) {
        String hex = String.format(Locale.ROOT, ":%04X ", port);
        try {
            return Files.readAllLines(Path.of("/proc/net/tcp")).stream()
                    .map(String::trim)
                    .filter(l -> l.split("\\s+").length > 3 && (l.split("\\s+")[1] + " ").endsWith(hex) && l.split("\\s+")[3].equals("01"))
                    .count();
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * The IRC server's sockets on its port that it still holds: any state but LISTEN and TIME_WAIT
     * (CLOSE_WAIT included; TIME_WAIT sockets belong to the kernel, not to the server, for 60 s).
     */
    static long serverHeld(int port) {
        String hex = String.format(Locale.ROOT, ":%04X", port);
        try {
            return Files.readAllLines(Path.of("/proc/net/tcp")).stream()
                    .map(l -> l.trim().split("\\s+"))
                    .filter(f -> f.length > 3 && f[1].endsWith(hex) && !f[3].equals("0A") && !f[3].equals("06"))
                    .count();
        } catch (IOException e) {
            return -1;
        }
    }

    private IrcSockets() {
    }
}
