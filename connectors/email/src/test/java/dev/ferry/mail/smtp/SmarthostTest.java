package dev.ferry.mail.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.mail.gateway.MailSettings;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the outbox learns from a smarthost that dies at each step of a mail: before the whole
 * mail was handed over the mail is simply tried again; after the final dot and before a reply
 * its fate is unknown (the server may have taken it), so it must not be sent again.
 */
class SmarthostTest {

    enum Ending { CLOSE_AFTER_RCPT, CLOSE_AFTER_DOT, REPLY_451_AFTER_DOT, REPLY_250_AFTER_DOT }

    static final byte[] MAIL = ("From: alice@mail.localhost\r\nTo: carol@mail.example\r\nSubject: hi\r\n\r\nhello #1\r\n")
            .getBytes(StandardCharsets.ISO_8859_1);

    SendResult sendTo(Ending ending) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> serve(server, ending));
            MailSettings settings = MailSettings.from(Map.of("domain", "mail.localhost",
                    "smarthost", "127.0.0.1:" + server.getLocalPort(), "smarthost-tls", "none"), "mail.localhost");
            try (Smarthost smarthost = new Smarthost(settings)) {
                return smarthost.send("alice@mail.localhost", "carol@mail.example", MAIL);
            } finally {
                served.join();
            }
        }
    }

    /** One scripted SMTP session, ending as told. */
    static void serve(ServerSocket server, Ending ending) {
        try (Socket s = server.accept()) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            OutputStream out = s.getOutputStream();
            reply(out, "220 smarthost.test ESMTP");
            for (String line; (line = in.readLine()) != null; ) {
                String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line;
                switch (verb) {
                    case "EHLO" -> reply(out, "250 smarthost.test");
                    case "MAIL" -> reply(out, "250 2.1.0 Ok");
                    case "RCPT" -> {
                        if (ending == Ending.CLOSE_AFTER_RCPT) {
                            return;
                        }
                        reply(out, "250 2.1.5 Ok");
                    }
                    case "DATA" -> {
                        reply(out, "354 End data with <CR><LF>.<CR><LF>");
                        while (!".".equals(in.readLine())) {
                            // the mail
                        }
                        switch (ending) {
                            case CLOSE_AFTER_DOT -> {
                                return;
                            }
                            case REPLY_451_AFTER_DOT -> reply(out, "451 4.3.0 Try again later");
                            default -> reply(out, "250 2.0.0 Ok: queued as 1234");
                        }
                    }
                    case "QUIT" -> {
                        reply(out, "221 2.0.0 Bye");
                        return;
                    }
                    default -> reply(out, "250 Ok");
                }
            }
        } catch (Exception e) {
            // the client hung up
        }
    }

    static void reply(OutputStream out, String line) throws java.io.IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        // ending,             what the outbox learns, in the reason
        "CLOSE_AFTER_DOT,      UNKNOWN,                may not have arrived",
        "CLOSE_AFTER_RCPT,     TEMPORARY,              unavailable",
        "REPLY_451_AFTER_DOT,  TEMPORARY,              451 4.3.0",
        "REPLY_250_AFTER_DOT,  SENT,                   ''",
    })
    void whatTheOutboxLearnsFromEachEnding(Ending ending, SendResult.Kind kind, String reason) throws Exception {
        SendResult r = sendTo(ending);
        assertThat(r.kind()).isEqualTo(kind);
        assertThat(r.reason()).contains(reason);
    }
}
