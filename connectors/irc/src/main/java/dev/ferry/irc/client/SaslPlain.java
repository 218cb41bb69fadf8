package dev.ferry.irc.client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** SASL PLAIN (RFC 4616) as IRC carries it: base64 in AUTHENTICATE lines of at most 400 bytes. */
final class SaslPlain {

    static final String MECHANISM = "PLAIN";
    private static final int CHUNK = 400;

    private SaslPlain() {
    }

    /** The AUTHENTICATE payloads for {@code \0user\0password}; a final "+" when the last chunk is exactly 400. */
    static List<String> payloads(String user, String password) {
        byte[] raw = ("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8);
        String b64 = Base64.getEncoder().encodeToString(raw);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < b64.length(); i += CHUNK) {
            out.add(b64.substring(i, Math.min(b64.length(), i + CHUNK)));
        }
        if (b64.length() % CHUNK == 0) {
            out.add("+");
        }
        return out;
    }
}
