package dev.ferry.bridge.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A benchmark, not a test (its name does not end in Test, so no suite runs it; run it with
 * {@code src/bench/sip/run.sh}): SIP→XMPP MESSAGE throughput and response time with SIPp at
 * fixed rates, and XMPP→SIP throughput from one Smack client to a SIPp UAS. Prints a table.
 */
class SipMessageBench {

    static final int SIP_PORT = 27860;
    static final int UAS_PORT = 27870;
    static final int UAC_PORT = 27871;
    @TempDir
    Path data;

    @Test
    void run() throws Exception {
        int seconds = Integer.getInteger("ferry.bench.seconds", 10);
        String[] rates = System.getProperty("ferry.bench.rates", "500,1000,2000").split(",");
        try (SipStage stage = SipStage.start("sip-bench", 27822, 27847, SIP_PORT, Map.of(
                "FERRY_SIP_OUTBOUND_PROXY", "sip:127.0.0.1:" + UAS_PORT,
                "FERRY_SIP_ERROR_WAIT_MS", "0"), data)) {
            XMPPTCPConnection alice = stage.alice;
            AtomicInteger received = new AtomicInteger();
            java.util.concurrent.atomic.AtomicLong first = new java.util.concurrent.atomic.AtomicLong();
            java.util.concurrent.atomic.AtomicLong last = new java.util.concurrent.atomic.AtomicLong();
            alice.addAsyncStanzaListener(s -> {
                long now = System.nanoTime();
                first.compareAndSet(0, now);
                last.set(now);
                received.incrementAndGet();
            },
                    s -> s instanceof Message m && m.getBody() != null && m.getBody().startsWith("bench"));
            System.out.println("| direction | offered msgs/s | offered | SIPp success / failed | delivered | first→last s | msgs/s | SIP response p50 ms | p99 ms |");
            System.out.println("|---|---|---|---|---|---|---|---|---|");
            for (String r : rates) {
                int rate = Integer.parseInt(r.trim());
                int total = rate * seconds;
                received.set(0);
                first.set(0);
                Path rttDir = Files.createTempDirectory(data, "rtt");
                long t0 = System.nanoTime();
                Process p = new ProcessBuilder("sipp", "-sf", PeerScript.repoRoot().resolve("src/peers/sipp/message-uac-bench.xml").toString(),
                        "-i", "127.0.0.1", "-p", Integer.toString(UAC_PORT), "-t", "u1", "-r", Integer.toString(rate),
                        "-m", Integer.toString(total), "-l", "100000", "-nostdin", "-timeout", (seconds * 3 + 30) + "s",
                        "-trace_rtt", "-rtt_freq", "100", "-s", "alice*localhost",
                        "-key", "body", "bench", "-key", "from", "bob", "-key", "subject", "b", "-key", "ctype", "text/plain",
                        "127.0.0.1:" + SIP_PORT)
                        .directory(rttDir.toFile()).redirectErrorStream(true).redirectOutput(rttDir.resolve("out").toFile()).start();
                p.waitFor(seconds * 4L + 60, TimeUnit.SECONDS);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (received.get() < total && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                // the rate is what reached alice between her first and her last message
                double elapsed = (last.get() - first.get()) / 1e9;
                List<Double> rtts = SipSipp.responseTimes(rttDir);
                String out = Files.readString(rttDir.resolve("out"));
                System.out.printf("| SIP→XMPP | %d | %d | %s / %s | %d | %.1f | %.0f | %.0f | %.0f |%n", rate, total,
                        SipSipp.finalCount(out, "Successful call"), SipSipp.finalCount(out, "Failed call"), received.get(), elapsed,
                        received.get() / elapsed, pct(rtts, 50), pct(rtts, 99));
            }
            // XMPP→SIP: one client sends as fast as its stream takes them; SIPp answers 200 to each
            int total = Integer.getInteger("ferry.bench.xmpp.messages", 5000);
            Path work = Files.createTempDirectory(data, "uas");
            Process uas = new ProcessBuilder("sipp", "-sf", PeerScript.repoRoot().resolve("src/peers/sipp/message-uas-200.xml").toString(),
                    "-i", "127.0.0.1", "-p", Integer.toString(UAS_PORT), "-t", "u1", "-m", Integer.toString(total), "-nostdin")
                    .directory(work.toFile()).redirectErrorStream(true).redirectOutput(work.resolve("out").toFile()).start();
            Thread.sleep(500);
            EntityBareJid bob = JidCreate.entityBareFrom("bob%sip.example.com@" + SipStage.GATEWAY);
            long t0 = System.nanoTime();
            for (int i = 0; i < total; i++) {
                alice.sendStanza(StanzaBuilder.buildMessage("b" + i).to(bob).ofType(Message.Type.chat).setBody("bench " + i).build());
            }
            boolean done = uas.waitFor(120, TimeUnit.SECONDS);
            double elapsed = (System.nanoTime() - t0) / 1e9;
            System.out.printf("| XMPP→SIP | as fast as possible | %d | – | %s | %.1f | %.0f | – | – |%n", total,
                    done ? Integer.toString(total) : "not all (sipp still waiting)", elapsed, done ? total / elapsed : 0);
            if (!done) {
                uas.destroyForcibly();
            }
        }
    }


    static double pct(List<Double> sorted, int p) {
        return sorted.isEmpty() ? Double.NaN : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
