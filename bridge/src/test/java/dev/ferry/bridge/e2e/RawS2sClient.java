package dev.ferry.bridge.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A hand-driven server-to-server peer for the spoofing tests: it says exactly what a test wants,
 * including what a well-behaved server never would. Blocking, with bounded reads.
 */
final class RawS2sClient implements AutoCloseable {

    private final Socket plain;
    private Socket socket;
    private InputStream in;
    private final StringBuilder seen = new StringBuilder();

    RawS2sClient(int port) throws IOException {
        plain = new Socket();
        plain.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        plain.setSoTimeout(10_000);
        socket = plain;
        in = plain.getInputStream();
    }

    void send(String xml) throws IOException {
        socket.getOutputStream().write(xml.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }

    void sendBytes(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    void open(String from, String to) throws IOException {
        send("<?xml version='1.0'?><stream:stream xmlns='jabber:server' xmlns:stream='http://etherx.jabber.org/streams'"
                + " xmlns:db='jabber:server:dialback' version='1.0' from='" + from + "' to='" + to + "'>");
    }

    /** Reads until {@code needle} has arrived (since the last call), returns what arrived; fails after 10 s or at EOF. */
    String readUntil(String needle) throws IOException {
        ByteArrayOutputStream chunk = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            String text = chunk.toString(StandardCharsets.UTF_8);
            if (text.contains(needle)) {
                seen.append(text);
                return text;
            }
            int n;
            try {
                n = in.read(buffer);
            } catch (SocketTimeoutException e) {
                break;
            }
            if (n < 0) {
                break;
            }
            chunk.write(buffer, 0, n);
        }
        throw new IOException("did not receive '" + needle + "'; got: " + chunk.toString(StandardCharsets.UTF_8));
    }

    /** True when the peer closes the connection within 10 s (anything it sends first is read and kept). */
    boolean closedByPeer() throws IOException {
        byte[] buffer = new byte[4096];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                seen.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    String seen() {
        return seen.toString();
    }

    /** STARTTLS: asks, waits for proceed, handshakes trusting {@code ca}, optionally presenting a certificate. */
    void startTls(Path ca, S2sTestCa.Leaf clientCert, String serverName) throws Exception {
        send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        readUntil("<proceed");
        SSLContext tls = context(ca, clientCert);
        SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(plain, serverName, plain.getPort(), true);
        ssl.setUseClientMode(true);
        ssl.startHandshake();
        ssl.setSoTimeout(10_000);
        socket = ssl;
        in = ssl.getInputStream();
    }

    /** An SSL context presenting {@code own} (may be null) and trusting only {@code ca}. */
    static SSLContext context(Path ca, S2sTestCa.Leaf own) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream c = Files.newInputStream(ca)) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(c));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        KeyStore keys = KeyStore.getInstance(KeyStore.getDefaultType());
        keys.load(null, null);
        if (own != null) {
            Certificate cert;
            try (InputStream c = Files.newInputStream(own.certificate())) {
                cert = CertificateFactory.getInstance("X.509").generateCertificate(c);
            }
            keys.setKeyEntry("me", privateKey(own.key()), new char[0], new Certificate[] {cert});
        }
        kmf.init(keys, new char[0]);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return tls;
    }

    private static PrivateKey privateKey(Path pem) throws Exception {
        String base64 = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
