package dev.ferry.bridge.service;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.StanzaError;

/**
 * One table from (element, namespace) to handler. Any get/set nobody handles is answered
 * {@code service-unavailable} (RFC 6120 §8.4); results and errors are never answered.
 */
public final class IqDispatcher {

    private final Map<String, IqHandler> handlers = new HashMap<>();

    public IqDispatcher(Collection<IqHandler> handlers) {
        handlers.forEach(this::register);
    }

    public void register(IqHandler handler) {
        handlers.put(key(handler.element(), handler.namespace()), handler);
    }

    public List<String> features() {
        return handlers.values().stream().filter(IqHandler::advertisedOnDomain).map(IqHandler::namespace)
                .distinct().sorted().toList();
    }

    /** Like {@link #dispatch}, letting slow handlers answer later. */
    public Optional<CompletionStage<IQ>> dispatchAsync(IQ request) {
        if (request.getType() != IQ.Type.get && request.getType() != IQ.Type.set) {
            return Optional.empty();
        }
        IqHandler handler = handlers.get(key(request.getChildElementName(), request.getChildElementNamespace()));
        if (handler == null) {
            return dispatch(request).map(CompletableFuture::completedFuture);
        }
        try {
            return Optional.of(handler.handleAsync(request).exceptionally(e -> IqErrors.error(request,
                    StanzaError.Condition.internal_server_error, "could not answer: " + e.getClass().getSimpleName())));
        } catch (RuntimeException e) {
            return Optional.of(CompletableFuture.completedFuture(IqErrors.error(request,
                    StanzaError.Condition.internal_server_error, "could not answer: " + e.getClass().getSimpleName())));
        }
    }

    /** The answer to {@code request}, or empty for a result/error (nothing to answer). */
    public Optional<IQ> dispatch(IQ request) {
        if (request.getType() != IQ.Type.get && request.getType() != IQ.Type.set) {
            return Optional.empty();
        }
        IqHandler handler = handlers.get(key(request.getChildElementName(), request.getChildElementNamespace()));
        if (handler == null) {
            return Optional.of(IqErrors.error(request, StanzaError.Condition.service_unavailable,
                    "no service for " + request.getChildElementNamespace() + " here"));
        }
        try {
            return Optional.of(handler.handle(request));
        } catch (RuntimeException e) {
            return Optional.of(IqErrors.error(request, StanzaError.Condition.internal_server_error,
                    "could not answer: " + e.getClass().getSimpleName()));
        }
    }

    private static String key(String element, String namespace) {
        return element + ' ' + namespace;
    }
}
