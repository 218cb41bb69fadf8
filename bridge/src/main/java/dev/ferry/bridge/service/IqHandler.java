package dev.ferry.bridge.service;

import org.jivesoftware.smack.packet.IQ;

/** Answers one kind of IQ get/set (one child element name and namespace). */
public interface IqHandler {

    String element();

    String namespace();

    /** The response: a result or an error IQ addressed back to the requester. */
    IQ handle(IQ request);
}
