package dev.ferry.sip.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.ProxyAuthenticateHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;

/**
 * HTTP Digest (RFC 2617, as RFC 3261 §22 uses it) for a challenged request: MD5, with
 * {@code qop=auth} when the challenge offers it. The password is only ever hashed here.
 */
public final class DigestAuth {

    private DigestAuth() {
    }

    /** The digest {@code response} value (RFC 2617 §3.2.2.1). */
    public static String response(String user, String realm, String password, String method, String uri, String nonce,
                                  String qop, String nc, String cnonce) {
        String ha1 = md5(user + ":" + realm + ":" + password);
        String ha2 = md5(method + ":" + uri);
        return qop == null ? md5(ha1 + ":" + nonce + ":" + ha2) : md5(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
    }

    /**
     * The Authorization (for a 401's WWW-Authenticate) or Proxy-Authorization (for a 407's
     * Proxy-Authenticate) header answering {@code challenge} for {@code request}.
     */
    public static AuthorizationHeader answer(WWWAuthenticateHeader challenge, Request request, String user, String password)
            throws ParseException {
        String algorithm = challenge.getAlgorithm();
        if (algorithm != null && !algorithm.equalsIgnoreCase("MD5")) {
            throw new ParseException("digest algorithm " + algorithm + " is not supported (MD5 only)", 0);
        }
        if (challenge.getRealm() == null || challenge.getNonce() == null) {
            // JAIN-SIP would throw a NullPointerException on setRealm/setNonce
            throw new ParseException("digest challenge without " + (challenge.getRealm() == null ? "realm" : "nonce"), 0);
        }
        boolean proxy = challenge instanceof ProxyAuthenticateHeader;
        AuthorizationHeader h = proxy ? SipFactories.HEADERS.createProxyAuthorizationHeader("Digest")
                : SipFactories.HEADERS.createAuthorizationHeader("Digest");
        String uri = request.getRequestURI().toString();
        String qop = offersAuth(challenge.getQop()) ? "auth" : null;
        String nc = "00000001";
        String cnonce = HexFormat.of().formatHex(random(8));
        h.setUsername(user);
        h.setRealm(challenge.getRealm());
        h.setNonce(challenge.getNonce());
        h.setURI(request.getRequestURI());
        h.setAlgorithm("MD5");
        if (challenge.getOpaque() != null) {
            h.setOpaque(challenge.getOpaque());
        }
        if (qop != null) {
            h.setQop(qop);
            h.setCNonce(cnonce);
            h.setNonceCount(1);
        }
        h.setResponse(response(user, challenge.getRealm(), password, request.getMethod(), uri, challenge.getNonce(), qop, nc, cnonce));
        return h;
    }

    private static boolean offersAuth(String qop) {
        return qop != null && Arrays.stream(qop.split(",")).map(s -> s.trim().toLowerCase(Locale.ROOT)).anyMatch("auth"::equals);
    }

    static String md5(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }
}
