package dev.ferry.bridge.xmpp;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jivesoftware.smack.packet.IQ;

/** IQs the gateway sent and is waiting on, by stanza id. */
final class ResponseTracker {

    private final Map<String, CompletableFuture<IQ>> pending = new ConcurrentHashMap<>();

    CompletableFuture<IQ> expect(String id, long timeoutMillis) {
        CompletableFuture<IQ> f = new CompletableFuture<IQ>()
                .orTimeout(timeoutMillis, TimeUnit.MILLISECONDS);
        pending.put(id, f);
        f.whenComplete((r, e) -> pending.remove(id, f));
        return f;
    }

    /** Completes the wait for {@code response}'s id; false when nobody waits for it. */
    boolean complete(IQ response) {
        CompletableFuture<IQ> f = pending.remove(response.getStanzaId());
        if (f != null) {
            f.complete(response);
            return true;
        }
        return false;
    }

    void cancel(String id, Exception why) {
        CompletableFuture<IQ> f = pending.remove(id);
        if (f != null) {
            f.completeExceptionally(why);
        }
    }

    static boolean isTimeout(Throwable t) {
        return t instanceof TimeoutException || t.getCause() instanceof TimeoutException;
    }
}
