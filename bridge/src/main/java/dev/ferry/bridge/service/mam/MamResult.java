package dev.ferry.bridge.service.mam;

import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.util.XmlStringBuilder;
import org.jivesoftware.smackx.forward.packet.Forwarded;

/** {@code <result xmlns='urn:xmpp:mam:2' queryid='…' id='…'><forwarded/></result>}: one archived message. */
final class MamResult implements ExtensionElement {

    static final String ELEMENT = "result";

    private final String queryId;
    private final String id;
    private final Forwarded<Message> forwarded;

    MamResult(String queryId, String id, Forwarded<Message> forwarded) {
        this.queryId = queryId;
        this.id = id;
        this.forwarded = forwarded;
    }

    @Override
    public String getElementName() {
        return ELEMENT;
    }

    @Override
    public String getNamespace() {
        return MamQuery.NAMESPACE;
    }

    @Override
    public XmlStringBuilder toXML(XmlEnvironment enclosing) {
        XmlStringBuilder xml = new XmlStringBuilder(this, enclosing);
        xml.optAttribute("queryid", queryId);
        xml.attribute("id", id);
        xml.rightAngleBracket();
        xml.append(forwarded.toXML(xml.getXmlEnvironment()));
        xml.closeElement(this);
        return xml;
    }
}
