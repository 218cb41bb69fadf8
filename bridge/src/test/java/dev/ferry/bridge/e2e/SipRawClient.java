package dev.ferry.bridge.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Raw bytes to Ferry's SIP port, for what no well-behaved SIP peer sends (garbage, oversized
 * bodies, floods): one request, the first response back.
 */
final class SipRawClient {

    private SipRawClient() {
    }

    /** A MESSAGE to {@code user} at Ferry, from {@code fromIp}; {@code transport} UDP or TCP. */
    static String message(String transport, String fromIp, int fromPort, int ferryPort, String user, String contentType, byte[] body) {
        String branch = "z9hG4bK" + UUID.randomUUID().toString().replace("-", "");
        return "MESSAGE sip:" + user + "@127.0.0.1:" + ferryPort + " SIP/2.0\r\n"
                + "Via: SIP/2.0/" + transport + " " + fromIp + ":" + fromPort + ";branch=" + branch + "\r\n"
                + "From: <sip:raw@sip.example.com>;tag=" + branch.substring(8, 16) + "\r\n"
                + "To: <sip:" + user + "@127.0.0.1>\r\n"
                + "Call-ID: " + UUID.randomUUID() + "@" + fromIp + "\r\n"
                + "CSeq: 1 MESSAGE\r\n"
                + "Max-Forwards: 70\r\n"
                + "Content-Type: " + contentType + "\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n";
    }

    static byte[] withBody(String head, byte[] body) {
        byte[] h = head.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return all;
    }

    /** Sends one datagram from {@code fromIp:fromPort}; the first answer, or null after {@code waitMillis}. */
    static String udp(String fromIp, int fromPort, int ferryPort, byte[] datagram, int waitMillis) throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(fromIp, fromPort))) {
            s.setSoTimeout(waitMillis);
            s.send(new DatagramPacket(datagram, datagram.length, InetAddress.getByName("127.0.0.1"), ferryPort));
            byte[] buf = new byte[65535];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                s.receive(p);
                return new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
            } catch (SocketTimeoutException e) {
                return null;
            }
        }
    }

    /** Sends bytes over a new TCP connection; what came back until the first blank line (a response's head), or "" on close. */
    static String tcp(String fromIp, int ferryPort, byte[] bytes, int waitMillis) throws IOException {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(fromIp, 0));
            s.connect(new InetSocketAddress("127.0.0.1", ferryPort), 5_000);
            s.setSoTimeout(waitMillis);
            s.getOutputStream().write(bytes);
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                int c;
                while ((c = in.read()) >= 0) {
                    out.write(c);
                    String sofar = out.toString(StandardCharsets.UTF_8);
                    if (sofar.endsWith("\r\n\r\n")) {
                        return sofar;
                    }
                }
            } catch (SocketTimeoutException | java.net.SocketException e) {
                // nothing (more) came
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    static String statusLine(String response) {
        if (response == null) {
            return "(no response)";
        }
        int eol = response.indexOf("\r\n");
        return eol < 0 ? response : response.substring(0, eol);
    }
}
