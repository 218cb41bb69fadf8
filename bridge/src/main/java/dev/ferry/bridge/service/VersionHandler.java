package dev.ferry.bridge.service;

import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smackx.iqversion.packet.Version;

/** XEP-0092 software version. */
public final class VersionHandler implements IqHandler {

    private final String version;

    public VersionHandler(String version) {
        this.version = version;
    }

    @Override
    public String element() {
        return Version.ELEMENT;
    }

    @Override
    public String namespace() {
        return Version.NAMESPACE;
    }

    @Override
    public IQ handle(IQ request) {
        return Version.createResultFor(request, new Version("Ferry", version,
                System.getProperty("os.name") + " / Java " + Runtime.version().feature()));
    }
}
