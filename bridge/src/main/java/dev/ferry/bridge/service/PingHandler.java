package dev.ferry.bridge.service;

import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smackx.ping.packet.Ping;

/** XEP-0199: a ping to the gateway is answered with an empty result. */
public final class PingHandler implements IqHandler {

    @Override
    public String element() {
        return Ping.ELEMENT;
    }

    @Override
    public String namespace() {
        return Ping.NAMESPACE;
    }

    @Override
    public IQ handle(IQ request) {
        return IQ.createResultIQ(request);
    }
}
