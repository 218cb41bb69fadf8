package dev.ferry.bridge.bench.harness;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Facts about the machine a run came from, read from /proc (Linux). */
final class Machine {

    static ObjectNode facts(String versions) {
        ObjectNode m = Harness.JSON.createObjectNode();
        m.put("cpuModel", procField("/proc/cpuinfo", "model name"));
        m.put("cores", Runtime.getRuntime().availableProcessors());
        String mem = procField("/proc/meminfo", "MemTotal");
        m.put("ramMiB", mem.matches("\\d+ kB") ? Long.parseLong(mem.split(" ")[0]) / 1024 : -1);
        m.put("kernel", Harness.read(Path.of("/proc/sys/kernel/osrelease")));
        m.put("os", prettyName());
        m.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        ObjectNode peers = m.putObject("peerVersions");
        for (String kv : versions.split(";")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                peers.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
            }
        }
        return m;
    }

    static String loadAverage() {
        String s = Harness.read(Path.of("/proc/loadavg"));
        String[] f = s.split(" ");
        return f.length >= 3 ? f[0] + " " + f[1] + " " + f[2] : s;
    }

    static String procField(String file, String key) {
        try {
            for (String l : Files.readAllLines(Path.of(file))) {
                if (l.startsWith(key)) {
                    return l.substring(l.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return "?";
    }

    static String prettyName() {
        try {
            for (String l : Files.readAllLines(Path.of("/etc/os-release"))) {
                if (l.startsWith("PRETTY_NAME=")) {
                    return l.substring(12).replace("\"", "");
                }
            }
        } catch (IOException e) {
            // unknown
        }
        return "?";
    }

    private Machine() {
    }
}
