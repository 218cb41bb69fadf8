package dev.ferry.bridge.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A plain SMTP client on a socket, as a sending MTA speaks to Ferry's listener: each command's
 * reply code is visible to the test (550, 552, ...), which a mail library would hide.
 */
public final class MailSmtpClient implements AutoCloseable {

    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    MailSmtpClient(int port) throws IOException {
        this(port, 30_000);
    }

    /** {@code readTimeoutMillis}: how long a reply may take (a benchmark under load waits longer than a test). */
    public MailSmtpClient(int port, int readTimeoutMillis) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(readTimeoutMillis);
        // As MTAs do: without it, the message and its final dot in two writes wait out a delayed ACK (40 ms).
        socket.setTcpNoDelay(true);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
        out = socket.getOutputStream();
        expect(reply(), 220);
        expect(command("EHLO sender.test"), 250);
    }

    /** Sends a command line, returns the (last line of the) reply. */
    public String command(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return reply();
    }

    String reply() throws IOException {
        String line;
        do {
            line = in.readLine();
            if (line == null) {
                throw new IOException("connection closed");
            }
        } while (line.length() > 3 && line.charAt(3) == '-');
        return line;
    }

    /** MAIL, RCPT, DATA with the raw message (dot-stuffed here); returns the reply to the final dot. */
    String send(String from, String to, byte[] raw) throws IOException {
        expect(command("MAIL FROM:<" + from + ">"), 250);
        expect(command("RCPT TO:<" + to + ">"), 250);
        return data(raw);
    }

    String data(byte[] raw) throws IOException {
        expect(command("DATA"), 354);
        String text = new String(raw, StandardCharsets.ISO_8859_1).replace("\r\n", "\n").replace("\n", "\r\n");
        StringBuilder stuffed = new StringBuilder();
        for (String line : text.split("\r\n", -1)) {
            stuffed.append(line.startsWith(".") ? "." : "").append(line).append("\r\n");
        }
        if (text.endsWith("\r\n")) {
            stuffed.setLength(stuffed.length() - 2);
        }
        stuffed.append(".\r\n");
        out.write(stuffed.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return reply();
    }

    public static String expect(String reply, int code) throws IOException {
        if (!reply.startsWith(Integer.toString(code))) {
            throw new IOException("expected " + code + " but got: " + reply);
        }
        return reply;
    }

    @Override
    public void close() throws IOException {
        try {
            command("QUIT");
        } catch (IOException e) {
            // already gone
        }
        socket.close();
    }
}
