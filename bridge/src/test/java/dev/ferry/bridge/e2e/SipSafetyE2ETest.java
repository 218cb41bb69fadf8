package dev.ferry.bridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.filter.AndFilter;
import org.jivesoftware.smack.filter.FromMatchesFilter;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input on Ferry's SIP port gets a clear answer and breaks nothing: garbage over UDP and
 * TCP, oversized and unsupported bodies, a flood from one source; and a long XMPP message goes
 * over TCP, not a fragmented UDP datagram.
 */
@Tag("e2e")
class SipSafetyE2ETest {

    static final int SIP_PORT = 27160;
    static final int TLS_PORT = 27161;
    static final int UAS_PORT = 27170;
    static Path keyStore;
    static SipStage stage;
    static XMPPTCPConnection alice;
    @TempDir
    static Path data;

    @BeforeAll
    static void start() throws Exception {
        E2E.requireCommand("sipp");
        keyStore = data.resolve("sip-tls.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "ferry", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=IP:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", keyStore.toString(),
                "-storepass", "tls-secret", "-keypass", "tls-secret").redirectErrorStream(true).start();
        assertThat(keytool.waitFor()).isZero();
        stage = SipStage.start("sip-safety", 27422, 27447, SIP_PORT, Map.of(
                "FERRY_SIP_LISTEN", "udp:127.0.0.1:" + SIP_PORT + ",tcp:127.0.0.1:" + SIP_PORT + ",tls:127.0.0.1:" + TLS_PORT,
                "FERRY_SIP_TLS_KEY_STORE", keyStore.toString(),
                "FERRY_SIP_TLS_KEY_STORE_PASSWORD", "tls-secret",
                "FERRY_SIP_OUTBOUND_PROXY", "sip:127.0.0.1:" + UAS_PORT,
                "FERRY_SIP_RATE_LIMIT_PER_SECOND", "5",
                "FERRY_SIP_RATE_LIMIT_BURST", "20",
                // answer at once: an XMPP bounce then always comes after the SIP transaction
                "FERRY_SIP_ERROR_WAIT_MS", "0"), data);
        alice = stage.alice;
    }

    @AfterAll
    static void stop() {
        if (stage != null) {
            stage.close();
        }
    }

    /** The stack still answers: an OPTIONS over UDP gets 200. */
    static void stillServing(String fromIp) throws Exception {
        String options = SipRawClient.message("UDP", fromIp, 27181, SIP_PORT, "ping", "text/plain", new byte[0])
                .replace("MESSAGE", "OPTIONS");
        assertThat(SipRawClient.statusLine(SipRawClient.udp(fromIp, 27181, SIP_PORT, options.getBytes(StandardCharsets.UTF_8), 3_000)))
                .isEqualTo("SIP/2.0 200 OK");
    }

    @Test
    void garbageOverUdpAndTcpBreaksNothing() throws Exception {
        byte[] noise = new byte[1200];
        new java.util.Random(7).nextBytes(noise);
        assertThat(SipRawClient.udp("127.0.0.1", 27180, SIP_PORT, noise, 500)).as("no answer to noise: no Via to answer to").isNull();
        assertThat(SipRawClient.udp("127.0.0.1", 27180, SIP_PORT, "\r\n\r\nHELLO\r\n\r\n".getBytes(StandardCharsets.UTF_8), 500)).isNull();
        SipRawClient.tcp("127.0.0.1", SIP_PORT, noise, 500);
        SipRawClient.tcp("127.0.0.1", SIP_PORT, "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.UTF_8), 500);
        stillServing("127.0.0.1");
    }

    @Test
    void aRequestWithABrokenHeaderIs400() throws Exception {
        String broken = SipRawClient.message("UDP", "127.0.0.1", 27182, SIP_PORT, "alice*localhost", "text/plain", "hi".getBytes())
                .replace("CSeq: 1 MESSAGE", "CSeq: one MESSAGE");
        String answer = SipRawClient.udp("127.0.0.1", 27182, SIP_PORT, SipRawClient.withBody(broken, "hi".getBytes()), 3_000);
        assertThat(SipRawClient.statusLine(answer)).startsWith("SIP/2.0 400");
        stillServing("127.0.0.1");
    }

    @Test
    void anOversizedBodyIs413AndReachesNoOne() throws Exception {
        byte[] body = new byte[70 * 1024];
        Arrays.fill(body, (byte) 'a');
        try (StanzaCollector inbox = alice.createStanzaCollector(MessageTypeFilter.CHAT)) {
            String head = SipRawClient.message("TCP", "127.0.0.1", 27183, SIP_PORT, "alice*localhost", "text/plain", body);
            String answer = SipRawClient.tcp("127.0.0.1", SIP_PORT, SipRawClient.withBody(head, body), 5_000);
            assertThat(SipRawClient.statusLine(answer)).isEqualTo("SIP/2.0 413 Request Entity Too Large: bodies up to 65536 bytes are accepted");
            assertThat((Object) inbox.nextResult(500)).isNull();
        }
    }

    @Test
    void anUnsupportedBodyIs415() throws Exception {
        byte[] body = "<html/>".getBytes(StandardCharsets.UTF_8);
        String head = SipRawClient.message("UDP", "127.0.0.1", 27184, SIP_PORT, "alice*localhost", "text/html", body);
        assertThat(SipRawClient.statusLine(SipRawClient.udp("127.0.0.1", 27184, SIP_PORT, SipRawClient.withBody(head, body), 3_000)))
                .startsWith("SIP/2.0 415 Unsupported Media Type");
    }

    @Test
    void aFloodFromOneSourceIsToldToComeBackLaterAndOthersAreServed() throws Exception {
        int limited = 0;
        String retryAfter = null;
        for (int i = 0; i < 40; i++) {
            String options = SipRawClient.message("UDP", "127.0.0.3", 27185, SIP_PORT, "ping", "text/plain", new byte[0])
                    .replace("MESSAGE", "OPTIONS");
            String answer = SipRawClient.udp("127.0.0.3", 27185, SIP_PORT, options.getBytes(StandardCharsets.UTF_8), 3_000);
            if (SipRawClient.statusLine(answer).startsWith("SIP/2.0 503")) {
                limited++;
                retryAfter = answer.lines().filter(l -> l.startsWith("Retry-After:")).findFirst().orElse(null);
            }
        }
        assertThat(limited).as("the burst of 20 passes, most of the rest is limited").isBetween(10, 20);
        assertThat(retryAfter).matches("Retry-After: [1-9][0-9]*");
        stillServing("127.0.0.4");
    }

    @Test
    void aLongMessageGoesOverTcp() throws Exception {
        String body = "long ".repeat(600).trim();
        try (SipSipp phone = SipSipp.start("message-uas-200.xml", "127.0.0.1", UAS_PORT, "tcp", null, Map.of())) {
            Thread.sleep(300);
            try (StanzaCollector errors = alice.createStanzaCollector(new AndFilter(MessageTypeFilter.ERROR,
                    FromMatchesFilter.createBare(JidCreate.entityBareFrom("bob%sip.example.com@" + SipStage.GATEWAY))))) {
                alice.sendStanza(StanzaBuilder.buildMessage("long").to(JidCreate.entityBareFrom("bob%sip.example.com@" + SipStage.GATEWAY))
                        .ofType(Message.Type.chat).setBody(body).build());
                assertThat(phone.await()).as(phone.output() + phone.log()).isTrue();
                assertThat(phone.receivedRequest()).contains("Via: SIP/2.0/TCP ").endsWith("\n\n" + body);
                assertThat((Object) errors.nextResult(500)).isNull();
            }
        }
    }

    @Test
    void aBounceAfterTheAnswerReachesTheSipSenderAsAMessage() throws Exception {
        try (SipSipp sender = SipSipp.start("message-uac.xml", "127.0.0.1", 27171, "udp", "127.0.0.1:" + SIP_PORT,
                Map.of("body", "anyone?", "from", "bob", "subject", "x", "ctype", "text/plain"), "-s", "nobody*localhost");
             SipSipp bobsProxy = SipSipp.start("message-uas-200.xml", "127.0.0.1", UAS_PORT, "udp", null, Map.of())) {
            sender.await();
            assertThat((String) sender.status()).isEqualTo("202 Accepted");
            assertThat(bobsProxy.await()).as(bobsProxy.output()).isTrue();
            assertThat(bobsProxy.receivedRequest()).startsWith("MESSAGE sip:bob@sip.example.com SIP/2.0\n")
                    .contains("\nFrom: <sip:nobody*localhost@127.0.0.1>;tag=")
                    .endsWith("\n\nYour message could not be delivered: service-unavailable");
        }
    }

    @Test
    void aTlsListenerServesTheConfiguredCertificate() throws Exception {
        java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
        try (var in = java.nio.file.Files.newInputStream(keyStore)) {
            trust.load(in, "tls-secret".toCharArray());
        }
        var tmf = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        var ctx = javax.net.ssl.SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        try (var socket = (javax.net.ssl.SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", TLS_PORT)) {
            socket.setSoTimeout(5_000);
            socket.startHandshake();
            assertThat(((java.security.cert.X509Certificate) socket.getSession().getPeerCertificates()[0])
                    .getSubjectX500Principal().getName()).isEqualTo("CN=127.0.0.1");
            String options = SipRawClient.message("TLS", "127.0.0.1", 27186, TLS_PORT, "ping", "text/plain", new byte[0])
                    .replace("MESSAGE", "OPTIONS").replace("sip:ping@127.0.0.1:" + TLS_PORT, "sip:ping@127.0.0.1:" + TLS_PORT + ";transport=tls");
            socket.getOutputStream().write(options.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            assertThat(in.readLine()).isEqualTo("SIP/2.0 200 OK");
        }
    }
}
