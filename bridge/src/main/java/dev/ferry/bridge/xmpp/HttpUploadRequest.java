package dev.ferry.bridge.xmpp;

import org.jivesoftware.smack.packet.IQ;

/** XEP-0363 §4 slot request: {@code <request xmlns='urn:xmpp:http:upload:0' filename size content-type/>}. */
public final class HttpUploadRequest extends IQ {

    public static final String ELEMENT = "request";
    public static final String NAMESPACE = "urn:xmpp:http:upload:0";

    private final String fileName;
    private final long size;
    private final String contentType;

    public HttpUploadRequest(String fileName, long size, String contentType) {
        super(ELEMENT, NAMESPACE);
        this.fileName = fileName;
        this.size = size;
        this.contentType = contentType;
        setType(Type.get);
    }

    @Override
    protected IQChildElementXmlStringBuilder getIQChildElementBuilder(IQChildElementXmlStringBuilder xml) {
        xml.attribute("filename", fileName);
        xml.attribute("size", Long.toString(size));
        xml.optAttribute("content-type", contentType);
        xml.setEmptyElement();
        return xml;
    }
}
