package dev.ferry.bridge.service;

import org.jivesoftware.smack.packet.IQ;

/** Answers one kind of IQ get/set (one child element name and namespace). */
public interface IqHandler {

    String element();

    String namespace();

    /** Whether the gateway domain lists this namespace in disco#info (not when it serves rooms only). */
    default boolean advertisedOnDomain() {
        return true;
    }

    /** The response: a result or an error IQ addressed back to the requester. */
    IQ handle(IQ request);

    /**
     * The response when it takes a network round trip (a channel LIST): the gateway's thread is
     * not held while waiting. By default, {@link #handle} right away.
     */
    default java.util.concurrent.CompletionStage<IQ> handleAsync(IQ request) {
        return java.util.concurrent.CompletableFuture.completedFuture(handle(request));
    }
}
