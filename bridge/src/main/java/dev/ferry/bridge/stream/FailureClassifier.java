package dev.ferry.bridge.stream;

import dev.ferry.bridge.stream.LinkFailure.Kind;
import io.netty.channel.ConnectTimeoutException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;

/** Turns what went wrong on one link (a stream error, an exception) into a {@link LinkFailure} for that link. */
final class FailureClassifier {

    private final ComponentLinkSettings settings;

    FailureClassifier(ComponentLinkSettings settings) {
        this.settings = settings;
    }

    LinkFailure of(Kind kind, String detail) {
        boolean fatal = kind == Kind.SHUTDOWN || (settings.failFast() && LinkFailure.refusesHandshake(kind));
        return new LinkFailure(kind, detail, fatal, settings.domain(), settings.endpoint());
    }

    /** A {@code <stream:error>} from the server; the detail keeps its condition and text. */
    LinkFailure fromStreamError(StreamEvent.StreamError error) {
        String detail = error.text().isEmpty() ? error.condition() : error.condition() + ": " + error.text();
        return of(LinkFailure.kindOfCondition(error.condition()), detail);
    }

    /** Why the TCP connect did not succeed. */
    LinkFailure fromConnectFailure(Throwable cause) {
        if (cause instanceof ConnectTimeoutException) {
            return of(Kind.CONNECT_TIMEOUT, "TCP connect took longer than " + settings.connectTimeout().toMillis() + " ms");
        }
        if (cause instanceof ConnectException) {
            return of(Kind.CONNECTION_REFUSED, message(cause));
        }
        if (cause instanceof UnknownHostException) {
            return of(Kind.IO_ERROR, "cannot resolve host " + settings.host());
        }
        return fromException(cause);
    }

    /** An exception on an established connection. */
    LinkFailure fromException(Throwable cause) {
        if (cause instanceof XmlInputRefusedException refused) {
            return of(refused.kind(), refused.getMessage());
        }
        if (cause instanceof ClosedChannelException) {
            return of(Kind.CLOSED_BY_PEER, "connection closed");
        }
        if (cause instanceof IOException) {
            return of(Kind.IO_ERROR, message(cause));
        }
        return of(Kind.IO_ERROR, "unexpected " + message(cause));
    }

    private static String message(Throwable cause) {
        return cause.getMessage() == null ? cause.getClass().getSimpleName()
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
