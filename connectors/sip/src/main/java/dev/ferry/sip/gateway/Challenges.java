package dev.ferry.sip.gateway;

import dev.ferry.sip.protocol.DigestAuth;
import dev.ferry.sip.transport.SipTransport;
import java.text.ParseException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ProxyAuthenticateHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * Sends a request and, when the registrar or proxy challenges it (401/407), answers the challenge
 * once with the account's digest credentials; a second challenge is the final answer (a wrong
 * password must not loop).
 */
final class Challenges {

    /** Who answers challenges: the user name and, only when asked, the password. */
    record Credentials(String user, Supplier<Optional<String>> password) {
    }

    private Challenges() {
    }

    static CompletableFuture<Response> send(SipTransport transport, Request request, Optional<Credentials> credentials) {
        Request pristine = (Request) request.clone();
        return transport.send(request).thenCompose(response -> {
            int code = response.getStatusCode();
            if ((code != 401 && code != 407) || credentials.isEmpty()) {
                return CompletableFuture.completedFuture(response);
            }
            Optional<String> password = credentials.get().password().get();
            WWWAuthenticateHeader challenge = (WWWAuthenticateHeader) response.getHeader(
                    code == 401 ? WWWAuthenticateHeader.NAME : ProxyAuthenticateHeader.NAME);
            if (password.isEmpty() || challenge == null) {
                return CompletableFuture.completedFuture(response);
            }
            try {
                Request retry = (Request) pristine.clone();
                CSeqHeader cseq = (CSeqHeader) retry.getHeader(CSeqHeader.NAME);
                cseq.setSeqNumber(cseq.getSeqNumber() + 1);
                retry.setHeader(DigestAuth.answer(challenge, retry, credentials.get().user(), password.get()));
                return transport.send(retry);
            } catch (ParseException | javax.sip.InvalidArgumentException e) {
                return CompletableFuture.completedFuture(response);
            }
        });
    }
}
