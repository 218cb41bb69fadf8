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
}
