package dev.ferry.bridge.xmpp;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.IqData;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.parsing.SmackParsingException;
import org.jivesoftware.smack.provider.IqProvider;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.xml.XmlPullParserException;

/**
 * XEP-0363 §4 upload slot, the answer to {@link HttpUploadRequest}: where to PUT the file (with
 * the headers the service asks for) and where it can be fetched.
 */
public final class HttpUploadSlot extends IQ {

    public static final String ELEMENT = "slot";
    public static final String NAMESPACE = HttpUploadRequest.NAMESPACE;
    /** Only these headers may be passed on to the PUT (XEP-0363 §5); anything else is dropped. */
    private static final java.util.Set<String> ALLOWED_HEADERS = java.util.Set.of("authorization", "cookie", "expires");

    private final URI put;
    private final URI get;
    private final Map<String, String> headers;

    public HttpUploadSlot(URI put, URI get, Map<String, String> headers) {
        super(ELEMENT, NAMESPACE);
        this.put = put;
        this.get = get;
        this.headers = Map.copyOf(headers);
    }

    public URI putUrl() {
        return put;
    }

    public URI getUrl() {
        return get;
    }

    public Map<String, String> headers() {
        return headers;
    }

    @Override
    protected IQChildElementXmlStringBuilder getIQChildElementBuilder(IQChildElementXmlStringBuilder xml) {
        xml.rightAngleBracket();
        xml.halfOpenElement("put").attribute("url", put.toString()).rightAngleBracket();
        headers.forEach((k, v) -> xml.halfOpenElement("header").attribute("name", k).rightAngleBracket().escape(v).closeElement("header"));
        xml.closeElement("put");
        xml.halfOpenElement("get").attribute("url", get.toString()).closeEmptyElement();
        return xml;
    }

    /** Parses {@code <slot xmlns='urn:xmpp:http:upload:0'>}. */
    public static final class Provider extends IqProvider<HttpUploadSlot> {
        @Override
        public HttpUploadSlot parse(XmlPullParser parser, int initialDepth, IqData iqData, XmlEnvironment env)
                throws XmlPullParserException, IOException, SmackParsingException {
            String put = null;
            String get = null;
            Map<String, String> headers = new LinkedHashMap<>();
            while (true) {
                XmlPullParser.Event event = parser.next();
                if (event == XmlPullParser.Event.START_ELEMENT) {
                    switch (parser.getName()) {
                        case "put" -> put = parser.getAttributeValue("", "url");
                        case "get" -> get = parser.getAttributeValue("", "url");
                        case "header" -> {
                            String name = parser.getAttributeValue("", "name");
                            String value = parser.nextText();
                            // Header values from the server go into an HTTP request: no CR/LF, only the allowed names.
                            if (name != null && ALLOWED_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))
                                    && value.indexOf('\r') < 0 && value.indexOf('\n') < 0) {
                                headers.put(name, value);
                            }
                        }
                        default -> { }
                    }
                } else if (event == XmlPullParser.Event.END_ELEMENT && parser.getDepth() == initialDepth) {
                    break;
                }
            }
            if (put == null || get == null) {
                throw new IOException("upload slot without put or get URL");
            }
            return new HttpUploadSlot(URI.create(put), URI.create(get), headers);
        }
    }
}
