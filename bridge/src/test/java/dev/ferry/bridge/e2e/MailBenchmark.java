package dev.ferry.bridge.e2e;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.subethamail.smtp.server.SMTPServer;

/**
 * Benchmark, not a test (src/bench/mail/run.sh; skipped unless FERRY_BENCH=1): mails/s and
 * latency p50/p99 through Ferry's mail gateway in one process, both ways, with a real Prosody and
 * Smack client. Inbound: SMTP clients → Ferry's listener → MIME parse → XMPP → alice (latency from
 * the end of DATA to alice's client). Outbound: alice → Ferry → persistent outbox → smarthost (a
 * SubEthaSMTP sink that timestamps arrivals; alice and bob alternate). Load generator, Prosody
 * and Ferry share the machine.
 */
@Tag("bench")
class MailBenchmark {

    static final int BASE = 28700;
    @TempDir
    Path data;

    @Test
    void mailThroughput() throws Exception {
        assumeTrue("1".equals(System.getenv("FERRY_BENCH")), "set FERRY_BENCH=1 to run the mail benchmark");
        int n = Integer.parseInt(System.getenv().getOrDefault("FERRY_BENCH_MAILS", "3000"));
        int senders = Integer.parseInt(System.getenv().getOrDefault("FERRY_BENCH_SENDERS", "4"));
        Map<String, Long> arrivedAtSink = new ConcurrentHashMap<>();
        SMTPServer sink = SMTPServer.port(BASE + 2).bindAddress(java.net.InetAddress.getLoopbackAddress())
                .messageHandler((ctx, from, to, bytes) -> {
                    long now = System.nanoTime();
                    String text = new String(bytes, StandardCharsets.ISO_8859_1);
                    int at = text.indexOf("Subject: ");
                    arrivedAtSink.put(text.substring(at + 9, text.indexOf('\r', at)), now);
                }).build();
        sink.start();
        // FERRY_BENCH_DATA_DIR=/dev/shm/... puts the store on tmpfs: then the figures are Ferry's CPU, not the disk's fsync.
        Path dir = System.getenv("FERRY_BENCH_DATA_DIR") == null ? data
                : java.nio.file.Files.createDirectories(Path.of(System.getenv("FERRY_BENCH_DATA_DIR"), Long.toString(System.nanoTime())));
        try (MailStage stage = MailStage.start("mailbench", BASE, dir,
                Map.of("FERRY_MAIL_RATE_LIMIT_PER_MINUTE", "0", "FERRY_MAIL_SEND_RATE_PER_MINUTE", "0", "FERRY_MAIL_SMARTHOST", "127.0.0.1:" + (BASE + 2)), false)) {
            System.out.println("== warm-up");
            inbound(stage, 300, senders);
            outbound(stage, 300, arrivedAtSink);
            System.out.println("== measured");
            System.out.println(inbound(stage, n, senders));
            System.out.println(outbound(stage, n, arrivedAtSink));
        } finally {
            sink.stop();
        }
    }

    static String inbound(MailStage stage, int n, int senders) throws Exception {
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        long[] latency = new long[n];
        AtomicInteger got = new AtomicInteger();
        CountDownLatch all = new CountDownLatch(n);
        stage.toAlice.clear();
        Thread reader = new Thread(() -> {
            try {
                while (all.getCount() > 0) {
                    Message m = stage.toAlice.poll(30, TimeUnit.SECONDS);
                    if (m == null) {
                        return;
                    }
                    Long t0 = sentAt.get(m.getSubject());
                    if (t0 != null) {
                        latency[got.getAndIncrement()] = System.nanoTime() - t0;
                        all.countDown();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        reader.start();
        String run = Long.toString(System.nanoTime(), 36);
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            int first = s;
            Thread t = new Thread(() -> {
                try (MailSmtpClient smtp = stage.smtp()) {
                    for (int i = first; i < n; i += senders) {
                        String subject = "in-" + run + "-" + i;
                        byte[] mail = ("From: Bench <bench@mail.example>\r\nTo: alice*localhost@mail.localhost\r\nSubject: " + subject
                                + "\r\nMessage-ID: <" + subject + "@mail.example>\r\nMIME-Version: 1.0\r\n"
                                + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                                + "Hello Alice, this is mail number " + i + " =E2=80=93 gr=C3=BC=C3=9Fe.\r\n\r\nOn Mon, Bob wrote:\r\n> earlier\r\n")
                                .getBytes(StandardCharsets.US_ASCII);
                        MailSmtpClient.expect(smtp.command("MAIL FROM:<bench@mail.example>"), 250);
                        MailSmtpClient.expect(smtp.command("RCPT TO:<alice*localhost@mail.localhost>"), 250);
                        sentAt.put(subject, System.nanoTime());
                        MailSmtpClient.expect(smtp.data(mail), 250);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        boolean complete = all.await(60, TimeUnit.SECONDS);
        long elapsed = System.nanoTime() - start;
        reader.interrupt();
        return summary("inbound  SMTP → XMPP (" + senders + " SMTP sessions)", n, got.get(), elapsed, latency, complete);
    }

    static String outbound(MailStage stage, int n, Map<String, Long> arrived) throws Exception {
        Jid carol = JidCreate.from("carol%mail.example@mail.localhost");
        String run = Long.toString(System.nanoTime(), 36);
        long[] sent = new long[n];
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            sent[i] = System.nanoTime();
            // Two users, alice and bob, alternate: each user's mails are composed in order on one lane.
            (i % 2 == 0 ? stage.alice : stage.bob).sendStanza(StanzaBuilder.buildMessage().to(carol).ofType(Message.Type.chat)
                    .setSubject("out-" + run + "-" + i).setBody("Hello Carol, message " + i + " – grüße").build());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && countRun(arrived, "out-" + run + "-") < n) {
            Thread.sleep(20);
        }
        long last = start;
        long[] latency = new long[n];
        int got = 0;
        for (int i = 0; i < n; i++) {
            Long t = arrived.get("out-" + run + "-" + i);
            if (t != null) {
                latency[got++] = t - sent[i];
                last = Math.max(last, t);
            }
        }
        return summary("outbound XMPP → SMTP (smarthost sink)", n, got, last - start, latency, got == n);
    }

    static long countRun(Map<String, Long> arrived, String prefix) {
        return arrived.keySet().stream().filter(k -> k.startsWith(prefix)).count();
    }

    static String summary(String what, int n, int got, long elapsedNanos, long[] latency, boolean complete) {
        long[] l = Arrays.copyOf(latency, got);
        Arrays.sort(l);
        double seconds = elapsedNanos / 1e9;
        return String.format("%-45s %d/%d mails in %.2f s = %.0f mails/s, latency p50 %.1f ms, p99 %.1f ms%s", what, got, n, seconds,
                got / seconds, got == 0 ? 0 : l[got / 2] / 1e6, got == 0 ? 0 : l[Math.min(got - 1, (int) (got * 0.99))] / 1e6,
                complete ? "" : " (INCOMPLETE)");
    }
}
