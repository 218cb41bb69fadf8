package dev.ferry.bridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.jivesoftware.smack.packet.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;

/**
 * The listener's protections beyond RCPT checks: with {@code mail.listen-keystore} it offers
 * STARTTLS and mail sent after it arrives; a client over its per-minute rate is told to come back.
 */
@Tag("e2e")
class MailListenerE2ETest {

    @TempDir
    Path data;

    static List<String> reply(BufferedReader in) throws Exception {
        List<String> lines = new ArrayList<>();
        String line;
        do {
            line = in.readLine();
            lines.add(line);
        } while (line != null && line.length() > 3 && line.charAt(3) == '-');
        return lines;
    }

    static void say(OutputStream out, String line) throws Exception {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Test
    void startTlsThenMail() throws Exception {
        Path keystore = data.resolve("listener.p12");
        String keytool = Path.of(ProcessHandle.current().info().command().orElseThrow()).resolveSibling("keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "mail", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=mail.localhost", "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", "changeit", "-keypass", "changeit").inheritIO().start();
        assertThat(p.waitFor()).isZero();
        try (MailStage stage = MailStage.start("mail-tls", 28800, data.resolve("ferry"), Map.of(
                "FERRY_MAIL_LISTEN_KEYSTORE", keystore.toString(), "FERRY_MAIL_LISTEN_KEYSTORE_PASSWORD", "changeit"), false);
             Socket plain = new Socket("127.0.0.1", stage.listenerPort)) {
            BufferedReader in = new BufferedReader(new InputStreamReader(plain.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = plain.getOutputStream();
            assertThat(reply(in).get(0)).startsWith("220");
            say(out, "EHLO sender.test");
            assertThat(reply(in)).anyMatch(l -> l.substring(4).equals("STARTTLS"));
            say(out, "STARTTLS");
            assertThat(reply(in).get(0)).startsWith("220");
            SSLContext trustAll = SSLContext.getInstance("TLS");
            trustAll.init(null, new TrustManager[] {new X509TrustManager() {
                public void checkClientTrusted(X509Certificate[] c, String a) { }
                public void checkServerTrusted(X509Certificate[] c, String a) { }
                public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
            }}, null); // a test client: the self-made certificate is only checked for being used at all
            try (SSLSocket tls = (SSLSocket) trustAll.getSocketFactory().createSocket(plain, "127.0.0.1", stage.listenerPort, true)) {
                tls.startHandshake();
                assertThat(((X509Certificate) tls.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName())
                        .isEqualTo("CN=mail.localhost");
                BufferedReader tin = new BufferedReader(new InputStreamReader(tls.getInputStream(), StandardCharsets.US_ASCII));
                OutputStream tout = tls.getOutputStream();
                say(tout, "EHLO sender.test");
                // SubEthaSMTP 7.2 still lists STARTTLS here (RFC 3207 says it should not; design notes).
                assertThat(reply(tin).get(0)).startsWith("250");
                say(tout, "MAIL FROM:<carol@mail.example>");
                assertThat(reply(tin).get(0)).startsWith("250");
                say(tout, "RCPT TO:<alice*localhost@mail.localhost>");
                assertThat(reply(tin).get(0)).startsWith("250");
                say(tout, "DATA");
                assertThat(reply(tin).get(0)).startsWith("354");
                say(tout, "From: carol@mail.example\r\nTo: alice*localhost@mail.localhost\r\nSubject: over tls\r\n\r\nsecret hello\r\n.");
                assertThat(reply(tin).get(0)).startsWith("250");
                say(tout, "QUIT");
            }
            Message m = MailStage.next(stage.toAlice);
            assertThat(m.getBody()).startsWith("secret hello");
        }
    }

    @Test
    void aClientOverItsRateIsToldToComeBackLater() throws Exception {
        try (MailStage stage = MailStage.start("mail-rate", 28850, data.resolve("ferry"),
                Map.of("FERRY_MAIL_RATE_LIMIT_PER_MINUTE", "3"), false);
             MailSmtpClient smtp = stage.smtp()) {
            for (int i = 0; i < 3; i++) {
                assertThat(smtp.send("carol@mail.example", "alice*localhost@mail.localhost",
                        ("From: carol@mail.example\r\nSubject: n" + i + "\r\n\r\nhi\r\n").getBytes(StandardCharsets.US_ASCII)))
                        .startsWith("250");
            }
            assertThat(smtp.command("MAIL FROM:<carol@mail.example>")).startsWith("451 4.7.1");
            List<Message> got = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                got.add(MailStage.next(stage.toAlice));
            }
            // In full, so a failure shows where a message out of order came from (a <delay/> is
            // Prosody's offline storage). An "n2" first, stamped before the run began, was the last
            // run's: alice disconnected before acknowledging it (XEP-0198), Prosody stored it offline,
            // and the instance's state dir was reused. ProsodyPeer now starts from an empty one.
            assertThat(got).extracting(Message::getSubject)
                    .as(() -> got.stream().map(m -> m.toXML().toString()).collect(java.util.stream.Collectors.joining("\n")))
                    .containsExactly("n0", "n1", "n2");
        }
    }

    /** An XMPP user cannot turn the gateway into a spam cannon: past the per-minute allowance, an error, not a mail. */
    @Test
    void aUserOverTheirSendingRateIsToldAndNothingIsSent() throws Exception {
        try (MailStage stage = MailStage.start("mail-sendrate", 28900, data.resolve("ferry"),
                Map.of("FERRY_MAIL_SEND_RATE_PER_MINUTE", "2"), true)) {
            for (int i = 0; i < 3; i++) {
                stage.alice.sendStanza(org.jivesoftware.smack.packet.StanzaBuilder.buildMessage("rate-" + i)
                        .to(org.jxmpp.jid.impl.JidCreate.entityBareFrom("carol%mail.example@mail.localhost"))
                        .ofType(Message.Type.chat).setBody("mail number " + i).build());
            }
            Message error = MailStage.next(stage.toAlice);
            assertThat(error.getType()).isEqualTo(Message.Type.error);
            assertThat(error.getStanzaId()).isEqualTo("rate-2");
            assertThat(error.getError().getCondition())
                    .isEqualTo(org.jivesoftware.smack.packet.StanzaError.Condition.resource_constraint);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                    .until(() -> stage.greenMail.getReceivedMessages().length >= 2);
            Thread.sleep(1000); // a third would have been sent with the other two
            assertThat(stage.greenMail.getReceivedMessages()).hasSize(2);
        }
    }
}
