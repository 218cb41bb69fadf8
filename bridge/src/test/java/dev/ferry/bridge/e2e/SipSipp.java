package dev.ferry.bridge.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One run of SIPp (Debian {@code sip-tester}) with a scenario from {@code src/peers/sipp/}: a SIP
 * phone sending (UAC) or taking (UAS) one request, its messages logged to a file the test reads.
 */
public final class SipSipp implements AutoCloseable {

    private static final Pattern STATUS = Pattern.compile("(?m)^SIP/2\\.0 (\\d{3}) (.*?)\\r?$");

    private final Process process;
    private final Path log;
    private final Path out;

    private SipSipp(Process process, Path log, Path out) {
        this.process = process;
        this.log = log;
        this.out = out;
    }

    /**
     * Starts SIPp with {@code scenario} on {@code ip:port}; {@code remote} (host:port) for a UAC,
     * null for a UAS; {@code keys} become {@code -key name value}.
     */
    public static SipSipp start(String scenario, String ip, int port, String transport, String remote, Map<String, String> keys,
                         String... extra) throws IOException {
        E2E.requireCommand("sipp");
        Path log = Files.createTempFile("ferry-sipp-", ".log");
        Path out = Files.createTempFile("ferry-sipp-", ".out");
        List<String> cmd = new ArrayList<>(List.of("sipp", "-sf",
                PeerScript.repoRoot().resolve("src/peers/sipp/" + scenario).toString(),
                "-i", ip, "-p", Integer.toString(port), "-t", transport.equals("tcp") ? "t1" : "u1",
                "-trace_msg", "-message_file", log.toString(), "-nostdin",
                "-timeout", "20", "-timeout_error", "-max_recv_loops", "1000"));
        keys.forEach((k, v) -> {
            cmd.add("-key");
            cmd.add(k);
            cmd.add(v);
        });
        if (!List.of(extra).contains("-m")) {
            cmd.addAll(List.of("-m", "1")); // one call, unless the caller says how many
        }
        cmd.addAll(List.of(extra));
        if (remote != null) {
            cmd.add(remote);
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        return new SipSipp(p, log, out);
    }

    /** Waits for SIPp to finish its one call; true when the scenario passed. */
    public boolean await() throws InterruptedException {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("sipp did not finish in 30 s:\n" + log());
        }
        return process.exitValue() == 0;
    }

    /** Every message SIPp sent and received, as it wrote them. */
    public String log() {
        try {
            return Files.exists(log) ? new String(Files.readAllBytes(log), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    public String output() {
        try {
            return Files.readString(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** The first status line in the log: what a UAC got back ({@code 202 Accepted}). */
    public String status() {
        Matcher m = STATUS.matcher(log());
        return m.find() ? m.group(1) + " " + m.group(2) : "(no response)";
    }

    /** The first request SIPp received, from its request line to the end of the body. */
    String receivedRequest() {
        String text = log();
        int i = text.indexOf("message received");
        if (i < 0) {
            return "";
        }
        String rest = text.substring(text.indexOf('\n', i) + 1).stripLeading();
        int end = rest.indexOf("\n-----------------------------------------------");
        return (end < 0 ? rest : rest.substring(0, end)).replace("\r", "");
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
        }
        try {
            Files.deleteIfExists(log);
            Files.deleteIfExists(out);
        } catch (IOException ignored) {
            // temp files
        }
    }

    /** The cumulative count SIPp's final screen shows for {@code label} (its last column). */
    public static String finalCount(String out, String label) {
        String found = "?";
        for (String line : out.split("\n")) {
            if (line.trim().startsWith(label)) {
                String[] cols = line.split("\\|");
                found = cols[cols.length - 1].trim();
            }
        }
        return found;
    }

    /** Response times (ms) of every call, from SIPp's -trace_rtt file(s). */
    public static List<Double> responseTimes(Path dir) throws IOException {
        List<Double> out = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(x -> x.getFileName().toString().endsWith("_rtt.csv")).toList()) {
                for (String line : Files.readAllLines(f)) {
                    String[] cols = line.split(";");
                    if (cols.length >= 3 && cols[0].matches("[0-9.]+")) {
                        out.add(Double.parseDouble(cols[1]));
                    }
                }
            }
        }
        Collections.sort(out);
        return out;
    }
}
