package dev.ferry.bridge.service.mam;

import java.time.Instant;
import java.util.Optional;
import org.jivesoftware.smack.util.PacketParserUtils;
import org.jivesoftware.smack.xml.XmlPullParser;

/**
 * A XEP-0313 query as a value: the query id, the form's start/end, and the XEP-0059 paging
 * (max, after, before — an empty {@code <before/>} asks for the last page).
 */
record MamQuery(String queryId, Instant start, Instant end, Optional<String> after, Optional<String> before, int max) {

    static final String NAMESPACE = "urn:xmpp:mam:2";
    static final int DEFAULT_MAX = 50;
    static final int LIMIT = 250;

    /** Reads the {@code <query/>} element's XML (Smack has no provider for it without smack-experimental). */
    static MamQuery parse(CharSequence queryXml) throws Exception {
        XmlPullParser p = PacketParserUtils.getParserFor(queryXml.toString());
        String queryId = p.getAttributeValue("", "queryid");
        Instant start = Instant.EPOCH;
        Instant end = Instant.MAX;
        String after = null;
        String before = null;
        int max = DEFAULT_MAX;
        String field = null;
        String element = null;
        int depth = p.getDepth();
        while (true) {
            XmlPullParser.Event e = p.next();
            if (e == XmlPullParser.Event.END_DOCUMENT || (e == XmlPullParser.Event.END_ELEMENT && p.getDepth() == depth)) {
                break;
            }
            if (e == XmlPullParser.Event.START_ELEMENT) {
                element = p.getName();
                if (element.equals("field")) {
                    field = p.getAttributeValue("", "var");
                } else if (element.equals("before")) {
                    before = "";
                }
            } else if (e == XmlPullParser.Event.TEXT_CHARACTERS && element != null) {
                String text = p.getText().trim();
                if (text.isEmpty()) {
                    continue;
                }
                switch (element) {
                    case "value" -> {
                        if ("start".equals(field)) {
                            start = Instant.parse(text);
                        } else if ("end".equals(field)) {
                            end = Instant.parse(text);
                        }
                    }
                    case "max" -> max = Math.min(LIMIT, Math.max(0, Integer.parseInt(text)));
                    case "after" -> after = text;
                    case "before" -> before = text;
                    default -> { }
                }
            } else if (e == XmlPullParser.Event.END_ELEMENT) {
                element = null;
            }
        }
        return new MamQuery(queryId, start, end, Optional.ofNullable(after), Optional.ofNullable(before), max);
    }
}
