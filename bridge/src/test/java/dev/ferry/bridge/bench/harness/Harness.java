package dev.ferry.bridge.bench.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.bridge.bench.BenchArgs;
import dev.ferry.bridge.bench.irc.IrcRelayBench;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;

/**
 * The load harness's driver (src/bench/harness.sh starts the peers, Ferry, Biboumi and Kamailio,
 * then this): runs every workload against Ferry and its anchor in one run, writes one JSON file
 * with all figures and the machine's facts, PNG plots next to it, and prints the ratios against
 * issue 7's targets. A workload that fails is recorded as such in the JSON and the run goes on.
 *
 * <p>Args (all {@code --name value}): ports {@code --c2s --irc-port --ferry-sip --kamailio-sip
 * --sipp-port --smtp --sink}, pids {@code --ferry-pid --biboumi-pid --kamailio-pid --prosody-pid
 * --ngircd-pid}, {@code --out DIR}, {@code --scenario FILE} (SIPp), {@code --versions "a=b;c=d"},
 * workload sizes {@code --irc-args "..."} (passed to IrcRelayBench), {@code --irc-restart "command"} (restarts the IRC
 * server between gateways when it has not drained, see IrcRelayBench), {@code --sip-rates 500,1000
 * --sip-seconds 10 --mails 2000 --mail-senders 4}.
 */
public final class Harness {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Smack logs "20 simultaneous executing runnables reached" at INFO for every busy connection; kept (strong ref) at WARNING. */
    static final java.util.logging.Logger SMACK_LOG = java.util.logging.Logger.getLogger("org.jivesoftware.smack");

    static {
        SMACK_LOG.setLevel(java.util.logging.Level.WARNING);
    }
    private static String[] args;

    public static void main(String[] a) {
        int rc = 0;
        try {
            run(a);
        } catch (Throwable t) {
            t.printStackTrace();
            rc = 1;
        }
        System.exit(rc); // Smack threads would keep the JVM alive
    }

    static void run(String[] a) throws Exception {
        args = a;
        Roster.setRosterLoadedAtLoginDefault(false);
        Path out = Files.createDirectories(Path.of(arg("--out", "bench-results/run")));
        ObjectNode root = JSON.createObjectNode();
        root.put("startedAt", Instant.now().toString());
        root.set("machine", Machine.facts(arg("--versions", "")));
        root.put("loadAverageStart", Machine.loadAverage());
        root.put("quick", "1".equals(System.getenv("FERRY_HARNESS_QUICK")));
        System.out.println("load average at start: " + Machine.loadAverage());
        System.out.println(JSON.writeValueAsString(root.get("machine")));

        // ---- IRC: relay, latency at fixed rates, presence fan-out, puppet memory (Ferry vs Biboumi)
        Path ircJson = out.resolve("irc.json");
        List<String> ircArgs = new ArrayList<>(Arrays.asList(arg("--irc-args", "").trim().split("\\s+")));
        ircArgs.removeIf(String::isEmpty);
        ircArgs.addAll(List.of("--c2s", arg("--c2s", "14022"), "--irc-port", arg("--irc-port", "14667"),
                "--ferry-pid", arg("--ferry-pid", "0"), "--biboumi-pid", arg("--biboumi-pid", "0"),
                "--prosody-pid", arg("--prosody-pid", "0"), "--ngircd-pid", arg("--ngircd-pid", "0"),
                "--ferry-domain", "irc.localhost", "--biboumi-domain", "biboumi.localhost", "--out", ircJson.toString()));
        if (!arg("--irc-restart", "").isBlank()) {
            ircArgs.addAll(List.of("--irc-restart", arg("--irc-restart", "")));
        }
        workload(root, "irc", () -> {
            IrcRelayBench.run(ircArgs.toArray(String[]::new));
            return JSON.readTree(ircJson.toFile());
        });

        int c2s = Integer.parseInt(arg("--c2s", "14022"));
        XMPPTCPConnection alice = login(c2s, "alice", "alice");
        XMPPTCPConnection bob = login(c2s, "bob", "bob");

        // ---- SIP MESSAGE -> XMPP (Ferry vs Kamailio's xmpp module)
        workload(root, "sip", () -> {
            SipAnchorBench sip = new SipAnchorBench(alice, Path.of(arg("--scenario", "src/bench/sip/message-uac-harness.xml")),
                    Integer.parseInt(arg("--sipp-port", "14071")), out);
            List<SipAnchorBench.Point> points = sip.run(List.of(
                    new SipAnchorBench.Target("ferry", Integer.parseInt(arg("--ferry-sip", "14060")), "sip.localhost"),
                    new SipAnchorBench.Target("kamailio", Integer.parseInt(arg("--kamailio-sip", "14070")), "kamailio.localhost")),
                    ints("--sip-rates", "500,1000,2000"), Integer.parseInt(arg("--sip-seconds", "10")));
            System.out.print(SipAnchorBench.table(points));
            return JSON.valueToTree(points);
        });

        // ---- mail in and out (Ferry only)
        workload(root, "mail", () -> {
            try (MailLoad mail = new MailLoad(Integer.parseInt(arg("--sink", "14026")), Integer.parseInt(arg("--smtp", "14025")), alice, bob)) {
                int n = Integer.parseInt(arg("--mails", "2000"));
                int senders = Integer.parseInt(arg("--mail-senders", "4"));
                mail.inbound(Math.min(200, n), senders); // warm-up
                mail.outbound(Math.min(200, n));
                List<MailLoad.Result> rs = List.of(mail.inbound(n, senders), mail.outbound(n));
                System.out.print(MailLoad.table(rs));
                return JSON.valueToTree(rs);
            }
        });
        alice.disconnect();
        bob.disconnect();

        root.put("loadAverageEnd", Machine.loadAverage());
        root.set("ratios", Ratios.of(root));
        Files.writeString(out.resolve("harness.json"), JSON.writeValueAsString(root));
        try {
            Charts.all(root, out);
        } catch (Exception e) {
            System.err.println("plots failed: " + e);
            e.printStackTrace();
        }
        System.out.println();
        System.out.println("load average at start: " + root.path("loadAverageStart").asText() + ", at end: " + Machine.loadAverage());
        System.out.print(Ratios.summary(root.get("ratios")));
        System.out.println("JSON and plots: " + out.toAbsolutePath());
    }

    /** For the soak, which shares the argument parsing. */
    static void run0(String[] a) {
        args = a;
    }

    interface Workload {
        JsonNode run() throws Exception;
    }

    /** Runs one workload; its figures (or its failure) go under {@code name} in the run's JSON. */
    static void workload(ObjectNode root, String name, Workload w) {
        String only = System.getenv().getOrDefault("FERRY_HARNESS_ONLY", name);
        // "puppets" is the IRC workload cut down to puppet sessions (harness.sh passes --users 0)
        if (!only.contains(name) && !(name.equals("irc") && only.contains("puppets"))) {
            return;
        }
        long t0 = System.nanoTime();
        try {
            root.set(name, w.run());
        } catch (Throwable t) {
            System.err.println("workload " + name + " failed: " + t);
            t.printStackTrace();
            root.putObject(name).put("error", t.toString());
        }
        System.err.printf(Locale.ROOT, "workload %s took %.0f s%n", name, (System.nanoTime() - t0) / 1e9);
    }

    static XMPPTCPConnection login(int c2s, String user, String password) throws Exception {
        XMPPTCPConnectionConfiguration conf = XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain("localhost").setHost("127.0.0.1").setPort(c2s)
                .setUsernameAndPassword(user, password).setResource("harness")
                .setSecurityMode(SecurityMode.disabled).setSendPresence(true).build();
        XMPPTCPConnection c = new XMPPTCPConnection(conf);
        c.setReplyTimeout(60_000);
        c.connect().login();
        return c;
    }

    /** Offered rate in a relay row's name ("xmpp->irc 500/s"), or -1 for a closed-loop row. */
    static int rate(String row) {
        Matcher m = Pattern.compile(" (\\d+)/s$").matcher(row);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    static List<Double> map(JsonNode array, Function<JsonNode, Double> f) {
        List<Double> out = new ArrayList<>();
        array.forEach(n -> out.add(f.apply(n)));
        return out;
    }

    static ArrayNode array() {
        return JSON.createArrayNode();
    }

    static int[] ints(String name, String dflt) {
        return Arrays.stream(arg(name, dflt).split(",")).filter(s -> !s.isBlank()).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
    }

    static String arg(String name, String dflt) {
        return BenchArgs.arg(args, name, dflt);
    }

    static String read(Path p) {
        try {
            return Files.readString(p).trim();
        } catch (IOException e) {
            return "?";
        }
    }

    private Harness() {
    }
}
