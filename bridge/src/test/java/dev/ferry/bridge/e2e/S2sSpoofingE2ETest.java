package dev.ferry.bridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Servers that lie are refused. A hand-driven peer connects to Ferry's s2s port and tries: a
 * stanza from a domain other than the one it authenticated; a dialback key the claimed domain's
 * real server (Prosody) never gave; SASL EXTERNAL for a domain its certificate does not name. And
 * Ferry itself refuses a server whose certificate names another domain.
 */
@Tag("e2e")
class S2sSpoofingE2ETest {

    static final String EVIL = "evil.ferry.example";
    /** Where xmpp.s2s.hosts sends Ferry for evil.ferry.example: a server whose certificate names another domain. */
    static final int WRONG_CERT_PORT = 29300 + 71;
    static S2sStage stage;
    static S2sTestCa.Leaf evilCert;
    @TempDir
    static Path data;

    @BeforeAll
    static void start() throws Exception {
        // evil.ferry.example "lives" at Prosody's s2s port, whose certificate names xmpp.ferry.example.
        stage = S2sStage.start("s2s-spoof", 29300, data, new S2sStage.Options(true, true,
                Map.of("FERRY_XMPP_S2S_HOSTS", EVIL + "=127.0.0.1:" + WRONG_CERT_PORT,
                        "FERRY_XMPP_S2S_MAX_CONNECTIONS_PER_PEER", "3", "FERRY_XMPP_MAX_STANZA_SIZE", "65536")));
        evilCert = stage.ca.issue("evil", EVIL, true);
    }

    @AfterAll
    static void stop() {
        if (stage != null) {
            stage.close();
        }
    }

    private RawS2sClient connect(String from, S2sTestCa.Leaf cert) throws Exception {
        RawS2sClient peer = new RawS2sClient(stage.ferryS2sPort());
        peer.open(from, S2sStage.IRC_DOMAIN);
        assertThat(peer.readUntil("</stream:features>")).contains("<required/>");
        peer.startTls(stage.ca.certificate, cert, S2sStage.IRC_DOMAIN);
        peer.open(from, S2sStage.IRC_DOMAIN);
        return peer;
    }

    @Test
    void aStanzaFromAnotherDomainThanTheAuthenticatedOneEndsTheStreamWithInvalidFrom() throws Exception {
        try (RawS2sClient evil = connect(EVIL, evilCert)) {
            assertThat(evil.readUntil("</stream:features>")).contains("<mechanism>EXTERNAL</mechanism>");
            evil.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='EXTERNAL'>=</auth>");
            evil.readUntil("<success");
            evil.open(EVIL, S2sStage.IRC_DOMAIN);
            evil.readUntil("</stream:features>");
            evil.send("<message from='alice@" + S2sStage.XMPP_DOMAIN + "/phone' to='#x%localhost@" + S2sStage.IRC_DOMAIN
                    + "' type='groupchat' id='spoof1'><body>I am alice</body></message>");
            assertThat(evil.closedByPeer()).isTrue();
            assertThat(evil.seen()).contains("<invalid-from").doesNotContain("spoof1");
        }
    }

    @Test
    void theComponentStreamHardeningGuardsServerStreamsToo() throws Exception {
        try (RawS2sClient peer = new RawS2sClient(stage.ferryS2sPort())) {
            peer.open(S2sStage.XMPP_DOMAIN, S2sStage.IRC_DOMAIN);
            peer.readUntil("</stream:features>");
            peer.send("<!DOCTYPE lol [<!ENTITY lol 'lol'>]><message>&lol;</message>");
            assertThat(peer.closedByPeer()).isTrue();
            assertThat(peer.seen()).contains("<restricted-xml");
        }
        try (RawS2sClient peer = new RawS2sClient(stage.ferryS2sPort())) {
            peer.open(S2sStage.XMPP_DOMAIN, S2sStage.IRC_DOMAIN);
            peer.readUntil("</stream:features>");
            peer.sendBytes(new byte[] {'<', 'a', '>', (byte) 0xC3, (byte) 0x28, '<', '/', 'a', '>'});
            assertThat(peer.closedByPeer()).isTrue();
            assertThat(peer.seen()).contains("<not-well-formed");
        }
        try (RawS2sClient peer = new RawS2sClient(stage.ferryS2sPort())) {
            peer.open(S2sStage.XMPP_DOMAIN, S2sStage.IRC_DOMAIN);
            peer.readUntil("</stream:features>");
            peer.send("<message to='" + S2sStage.IRC_DOMAIN + "'><body>" + "x".repeat(70_000) + "</body></message>");
            assertThat(peer.closedByPeer()).isTrue();
            assertThat(peer.seen()).contains("<policy-violation");
        }
        try (RawS2sClient peer = new RawS2sClient(stage.ferryS2sPort())) {
            peer.open(S2sStage.XMPP_DOMAIN, "not-served.ferry.example");
            assertThat(peer.closedByPeer()).isTrue();
            assertThat(peer.seen()).contains("<host-unknown");
        }
    }

    @Test
    void oneAddressGetsAtMostTheConfiguredNumberOfConnections() throws Exception {
        java.util.List<RawS2sClient> open = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                RawS2sClient peer = new RawS2sClient(stage.ferryS2sPort());
                open.add(peer);
                peer.open(S2sStage.XMPP_DOMAIN, S2sStage.IRC_DOMAIN);
                peer.readUntil("</stream:features>");
            }
            try (RawS2sClient fourth = new RawS2sClient(stage.ferryS2sPort())) {
                fourth.open(S2sStage.XMPP_DOMAIN, S2sStage.IRC_DOMAIN);
                assertThat(fourth.closedByPeer()).isTrue();
                assertThat(fourth.seen()).isEmpty();
            }
        } finally {
            for (RawS2sClient peer : open) {
                peer.close();
            }
        }
        // Closed connections no longer count.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            try (RawS2sClient again = new RawS2sClient(stage.ferryS2sPort())) {
                again.open(S2sStage.XMPP_DOMAIN, S2sStage.IRC_DOMAIN);
                assertThat(again.readUntil("</stream:features>")).contains("starttls");
            }
        });
    }

    @Test
    void aDialbackKeyTheClaimedDomainNeverGaveIsRefused() throws Exception {
        long before = stage.authentications("in", "dialback");
        try (RawS2sClient liar = connect(S2sStage.XMPP_DOMAIN, null)) {
            String features = liar.readUntil("</stream:features>");
            assertThat(features).contains("urn:xmpp:features:dialback").doesNotContain("EXTERNAL");
            liar.send("<db:result from='" + S2sStage.XMPP_DOMAIN + "' to='" + S2sStage.IRC_DOMAIN + "'>"
                    + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef</db:result>");
            // Ferry asks Prosody (found by SRV) whether the key is genuine; Prosody says no.
            assertThat(liar.readUntil("type='invalid'")).contains("<db:result");
            assertThat(liar.closedByPeer()).isTrue();
            assertThat(liar.seen()).contains("<not-authorized");
        }
        assertThat(stage.authentications("in", "dialback")).isEqualTo(before);
    }

    @Test
    void saslExternalForADomainTheCertificateDoesNotNameIsRefused() throws Exception {
        try (RawS2sClient impostor = connect(S2sStage.XMPP_DOMAIN, evilCert)) {
            // The certificate names evil.ferry.example, the stream claims xmpp.ferry.example: no EXTERNAL offered...
            assertThat(impostor.readUntil("</stream:features>")).doesNotContain("EXTERNAL");
            // ...and none accepted when asked anyway.
            impostor.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='EXTERNAL'>"
                    + java.util.Base64.getEncoder().encodeToString(S2sStage.XMPP_DOMAIN.getBytes()) + "</auth>");
            assertThat(impostor.readUntil("</failure>")).contains("<not-authorized/>");
            impostor.send("<iq from='" + S2sStage.XMPP_DOMAIN + "' to='" + S2sStage.IRC_DOMAIN + "' type='get' id='p1'>"
                    + "<ping xmlns='urn:xmpp:ping'/></iq>");
            assertThat(impostor.closedByPeer()).isTrue();
            assertThat(impostor.seen()).contains("<not-authorized xmlns='urn:ietf:params:xml:ns:xmpp-streams'");
        }
    }

    @Test
    void ferryRefusesAServerWhoseCertificateNamesAnotherDomain() throws Exception {
        S2sTestCa.Leaf otherName = stage.ca.issue("other-name", "other.ferry.example", true);
        javax.net.ssl.SSLContext serverTls = RawS2sClient.context(stage.ca.certificate, otherName);
        java.util.concurrent.atomic.AtomicReference<String> handshake = new java.util.concurrent.atomic.AtomicReference<>("");
        try (java.net.ServerSocket listener = new java.net.ServerSocket(WRONG_CERT_PORT, 5, java.net.InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> wrongCertificateServer(listener, serverTls, handshake), "wrong-cert-server");
            server.setDaemon(true);
            server.start();
            sendSomethingToEvil();
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    !stage.ferry.s2s().orElseThrow().lastFailure(S2sStage.IRC_DOMAIN, EVIL).isEmpty());
        }
        String failure = stage.ferry.s2s().orElseThrow().lastFailure(S2sStage.IRC_DOMAIN, EVIL);
        assertThat(failure).contains("TLS with " + EVIL + " failed");
        assertThat(handshake.get()).as("the fake server saw the handshake fail").startsWith("failed");
        assertThat(stage.ferry.s2s().orElseThrow().waiting(S2sStage.IRC_DOMAIN, EVIL)).as("kept, not sent").isEqualTo(1);
        assertThat(stage.authentications("out", "EXTERNAL") + stage.authentications("out", "dialback")).isZero();
    }

    /** Speaks just enough jabber:server to reach STARTTLS, then presents a certificate for other.ferry.example. */
    private static void wrongCertificateServer(java.net.ServerSocket listener, javax.net.ssl.SSLContext tls,
                                               java.util.concurrent.atomic.AtomicReference<String> handshake) {
        try (java.net.Socket s = listener.accept()) {
            s.setSoTimeout(10_000);
            var in = s.getInputStream();
            var out = s.getOutputStream();
            byte[] buf = new byte[4096];
            StringBuilder got = new StringBuilder();
            while (!got.toString().contains("<stream:stream")) {
                got.append(new String(buf, 0, in.read(buf), java.nio.charset.StandardCharsets.UTF_8));
            }
            out.write(("<?xml version='1.0'?><stream:stream xmlns='jabber:server' xmlns:stream='http://etherx.jabber.org/streams'"
                    + " version='1.0' from='" + EVIL + "' id='x1'><stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'>"
                    + "<required/></starttls></stream:features>").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            while (!got.toString().contains("starttls")) {
                got.append(new String(buf, 0, in.read(buf), java.nio.charset.StandardCharsets.UTF_8));
            }
            out.write("<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            var ssl = (javax.net.ssl.SSLSocket) tls.getSocketFactory().createSocket(s, null, s.getPort(), false);
            ssl.setUseClientMode(false);
            try {
                ssl.startHandshake();
                ssl.getInputStream().read(); // TLS 1.3: the client's verdict arrives with its first read
                handshake.set("completed");
            } catch (java.io.IOException e) {
                handshake.set("failed: " + e.getMessage());
            }
        } catch (Exception e) {
            handshake.compareAndSet("", "server error: " + e);
        }
    }

    /** Authenticates as evil.ferry.example and sends a request, whose answer Ferry must route to evil.ferry.example. */
    private void sendSomethingToEvil() throws Exception {
        try (RawS2sClient evil = connect(EVIL, evilCert)) {
            evil.readUntil("</stream:features>");
            evil.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='EXTERNAL'>=</auth>");
            evil.readUntil("<success");
            evil.open(EVIL, S2sStage.IRC_DOMAIN);
            evil.readUntil("</stream:features>");
            // A disco request: Ferry answers to evil.ferry.example, whose route leads to a server
            // (Prosody) with a certificate for xmpp.ferry.example. The answer must not go there.
            evil.send("<iq from='mallory@" + EVIL + "/r' to='" + S2sStage.IRC_DOMAIN + "' type='get' id='d1'>"
                    + "<query xmlns='http://jabber.org/protocol/disco#info'/></iq>");
            await().atMost(Duration.ofSeconds(10)).until(() -> stage.ferry.s2s().orElseThrow().waiting(S2sStage.IRC_DOMAIN, EVIL) > 0
                    || !stage.ferry.s2s().orElseThrow().lastFailure(S2sStage.IRC_DOMAIN, EVIL).isEmpty());
        }
    }
}
