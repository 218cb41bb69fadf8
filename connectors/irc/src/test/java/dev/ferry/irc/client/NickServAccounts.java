package dev.ferry.irc.client;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

/**
 * Accounts on real services (Atheme behind InspIRCd, src/peers/atheme.sh), made the way a person
 * makes them: connect with a plain client, talk to NickServ.
 */
final class NickServAccounts {

    private NickServAccounts() {
    }

    /** Registers the nick {@code nick} with {@code password}; with {@code fingerprint}, adds it by NickServ CERT ADD. */
    static void register(int port, String nick, String password, String fingerprint) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(15_000);
            OutputStream out = s.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            send(out, "NICK " + nick);
            send(out, "USER " + nick + " 0 * :" + nick);
            await(in, out, l -> l.contains(" 001 "), "welcome");
            send(out, "PRIVMSG NickServ :REGISTER " + password + " " + nick + "@example.org");
            String answer = await(in, out, l -> l.startsWith(":NickServ!"), "NickServ's answer to REGISTER");
            if (!answer.contains("is now registered")) {
                throw new AssertionError("NickServ refused to register " + nick + ": " + answer);
            }
            if (fingerprint != null) {
                send(out, "PRIVMSG NickServ :CERT ADD " + fingerprint);
                answer = await(in, out, l -> l.startsWith(":NickServ!"), "NickServ's answer to CERT ADD");
                if (!answer.contains("Added fingerprint") || !answer.contains(fingerprint)) { // Atheme may bold the value
                    throw new AssertionError("NickServ did not add the fingerprint: " + answer);
                }
            }
            send(out, "QUIT");
        }
    }

    private static void send(OutputStream out, String line) throws java.io.IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String await(BufferedReader in, OutputStream out, Predicate<String> p, String what) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L; // the server's PINGs would outlast any read timeout
        for (String line; System.nanoTime() < deadline && (line = in.readLine()) != null; ) {
            if (line.startsWith("PING")) {
                send(out, "PONG " + line.substring(5));
            } else if (p.test(line)) {
                return line;
            }
        }
        throw new AssertionError("no " + what);
    }
}
