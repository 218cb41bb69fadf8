package dev.ferry.bridge.service.mam;

import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smackx.rsm.packet.RSMSet;

/** The IQ result that ends a MAM query: {@code <fin complete='…'>} with the page's RSM set. */
final class MamFin extends IQ {

    private final boolean complete;
    private final RSMSet set;

    MamFin(boolean complete, RSMSet set) {
        super("fin", MamQuery.NAMESPACE);
        this.complete = complete;
        this.set = set;
        setType(Type.result);
    }

    @Override
    protected IQChildElementXmlStringBuilder getIQChildElementBuilder(IQChildElementXmlStringBuilder xml) {
        if (complete) {
            xml.attribute("complete", "true");
        }
        xml.rightAngleBracket();
        xml.append(set.toXML(xml.getXmlEnvironment()));
        return xml;
    }
}
