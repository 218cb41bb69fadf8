package dev.ferry.bridge.bench.harness;

import dev.ferry.bridge.e2e.MailSmtpClient;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.subethamail.smtp.server.SMTPServer;

/**
 * Mail through Ferry's mail gateway, both ways, against the Ferry process of the harness (there is
 * no anchor: no Debian package gateways XMPP and mail). Inbound: {@code senders} SMTP sessions to
 * Ferry's listener, each mail to alice; latency from the end of DATA to alice's client. Outbound:
 * alice and bob alternate chat messages to a mail address; Ferry's outbox delivers them to a
 * smarthost, a SubEthaSMTP sink in this JVM that timestamps arrivals.
 */
final class MailLoad implements AutoCloseable {

    record Result(String direction, int mails, int delivered, double seconds, double perSecond, double p50Ms, double p99Ms,
                  double p999Ms) {
    }

    private final Map<String, Long> atSink = new ConcurrentHashMap<>();
    private final Map<String, Long> atAlice = new ConcurrentHashMap<>();
    private final SMTPServer sink;
    private final int listenerPort;
    private final XMPPTCPConnection alice;
    private final XMPPTCPConnection bob;

    MailLoad(int sinkPort, int listenerPort, XMPPTCPConnection alice, XMPPTCPConnection bob) {
        this.listenerPort = listenerPort;
        this.alice = alice;
        this.bob = bob;
        sink = SMTPServer.port(sinkPort).bindAddress(InetAddress.getLoopbackAddress())
                .messageHandler((ctx, from, to, bytes) -> {
                    long now = System.nanoTime();
                    String text = new String(bytes, StandardCharsets.ISO_8859_1);
                    int at = text.indexOf("Subject: ");
                    if (at >= 0) {
                        atSink.put(text.substring(at + 9, text.indexOf('\r', at)), now);
                    }
                }).build();
        sink.start();
        alice.addAsyncStanzaListener(s -> atAlice.put(((Message) s).getSubject(), System.nanoTime()),
                s -> s instanceof Message m && m.getSubject() != null && m.getSubject().startsWith("mailin-"));
    }

    Result inbound(int n, int senders) throws Exception {
        String run = Long.toString(System.nanoTime(), 36);
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            int first = s;
            Thread t = new Thread(() -> {
                try (MailSmtpClient smtp = new MailSmtpClient(listenerPort, 60_000)) {
                    for (int i = first; i < n; i += senders) {
                        String subject = "mailin-" + run + "-" + i;
                        String mail = "From: Bench <bench@mail.example>\r\nTo: alice*localhost@mail.localhost\r\nSubject: " + subject
                                + "\r\nMessage-ID: <" + subject + "@mail.example>\r\nMIME-Version: 1.0\r\n"
                                + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                                + "Hello Alice, this is mail number " + i + " =E2=80=93 gr=C3=BC=C3=9Fe.\r\n\r\nOn Mon, Bob wrote:\r\n> earlier\r\n";
                        MailSmtpClient.expect(smtp.command("MAIL FROM:<bench@mail.example>"), 250);
                        MailSmtpClient.expect(smtp.command("RCPT TO:<alice*localhost@mail.localhost>"), 250);
                        MailSmtpClient.expect(smtp.command("DATA"), 354);
                        sentAt.put(subject, System.nanoTime());
                        MailSmtpClient.expect(smtp.command(mail + "."), 250);
                    }
                } catch (Exception e) {
                    System.err.println("mail inbound sender failed: " + e);
                }
            }, "bench-smtp-" + s);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && count(atAlice, "mailin-" + run + "-") < n) {
            Thread.sleep(20);
        }
        return result("in (SMTP->XMPP, " + senders + " sessions)", n, sentAt, atAlice, start);
    }

    Result outbound(int n) throws Exception {
        Jid carol = JidCreate.from("carol%mail.example@mail.localhost");
        String run = Long.toString(System.nanoTime(), 36);
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            String subject = "mailout-" + run + "-" + i;
            sentAt.put(subject, System.nanoTime());
            (i % 2 == 0 ? alice : bob).sendStanza(StanzaBuilder.buildMessage().to(carol).ofType(Message.Type.chat)
                    .setSubject(subject).setBody("Hello Carol, message " + i + " - grüße").build());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && count(atSink, "mailout-" + run + "-") < n) {
            Thread.sleep(20);
        }
        return result("out (XMPP->SMTP smarthost)", n, sentAt, atSink, start);
    }

    private static long count(Map<String, Long> m, String prefix) {
        return m.keySet().stream().filter(k -> k.startsWith(prefix)).count();
    }

    private static Result result(String what, int n, Map<String, Long> sentAt, Map<String, Long> arrived, long start) {
        long[] lat = new long[n];
        int got = 0;
        long last = start;
        for (Map.Entry<String, Long> e : sentAt.entrySet()) {
            Long t = arrived.get(e.getKey());
            if (t != null) {
                lat[got++] = t - e.getValue();
                last = Math.max(last, t);
            }
        }
        long[] l = Arrays.copyOf(lat, got);
        Arrays.sort(l);
        double seconds = (last - start) / 1e9;
        return new Result(what, n, got, seconds, got / seconds, pct(l, 50), pct(l, 99), pct(l, 99.9));
    }

    private static double pct(long[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1))] / 1e6;
    }

    static String table(List<Result> rs) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%nMail through Ferry (no anchor), latency in ms%n"));
        sb.append(String.format(Locale.ROOT, "%-34s %7s %9s %8s %8s %8s %8s%n", "direction", "mails", "delivered", "mails/s", "p50",
                "p99", "p999"));
        for (Result r : rs) {
            sb.append(String.format(Locale.ROOT, "%-34s %7d %9d %8.0f %8.1f %8.1f %8.1f%n", r.direction(), r.mails(), r.delivered(),
                    r.perSecond(), r.p50Ms(), r.p99Ms(), r.p999Ms()));
        }
        return sb.toString();
    }

    @Override
    public void close() {
        sink.stop();
    }
}
