package dev.ferry.bridge.s2s;

import java.util.Base64;
import java.nio.charset.StandardCharsets;

/**
 * The stream-level XML of server-to-server streams (headers, features, TLS/SASL/dialback
 * elements, stream errors). Stanzas are never built here.
 */
final class S2sMarkup {

    static final String STREAMS_NS = "http://etherx.jabber.org/streams";
    static final String SERVER_NS = "jabber:server";
    static final String COMPONENT_NS = "jabber:component:accept";
    static final String DIALBACK_NS = "jabber:server:dialback";
    static final String DIALBACK_FEATURE_NS = "urn:xmpp:features:dialback";
    static final String TLS_NS = "urn:ietf:params:xml:ns:xmpp-tls";
    static final String SASL_NS = "urn:ietf:params:xml:ns:xmpp-sasl";
    static final String STREAM_ERRORS_NS = "urn:ietf:params:xml:ns:xmpp-streams";
    static final String CLOSE = "</stream:stream>";

    private S2sMarkup() {
    }

    /** A stream header; {@code id} only on the receiving side's answer. */
    static String open(String from, String to, String id) {
        StringBuilder s = new StringBuilder(256).append("<?xml version='1.0'?><stream:stream xmlns='").append(SERVER_NS)
                .append("' xmlns:stream='").append(STREAMS_NS).append("' xmlns:db='").append(DIALBACK_NS)
                .append("' version='1.0'");
        attribute(s, "from", from);
        attribute(s, "to", to);
        if (id != null) {
            attribute(s, "id", id);
        }
        return s.append('>').toString();
    }

    static String features(boolean offerTls, boolean tlsRequired, boolean offerExternal, boolean offerDialback) {
        StringBuilder s = new StringBuilder("<stream:features>");
        if (offerTls) {
            s.append("<starttls xmlns='").append(TLS_NS).append("'>").append(tlsRequired ? "<required/>" : "").append("</starttls>");
        }
        if (offerExternal) {
            s.append("<mechanisms xmlns='").append(SASL_NS).append("'><mechanism>EXTERNAL</mechanism></mechanisms>");
        }
        if (offerDialback) {
            s.append("<dialback xmlns='").append(DIALBACK_FEATURE_NS).append("'><errors/></dialback>");
        }
        return s.append("</stream:features>").toString();
    }

    static String startTls() {
        return "<starttls xmlns='" + TLS_NS + "'/>";
    }

    static String proceed() {
        return "<proceed xmlns='" + TLS_NS + "'/>";
    }

    /** SASL EXTERNAL with the authorization identity (our domain), as XEP-0178 §3 shows. */
    static String authExternal(String domain) {
        return "<auth xmlns='" + SASL_NS + "' mechanism='EXTERNAL'>"
                + Base64.getEncoder().encodeToString(domain.getBytes(StandardCharsets.UTF_8)) + "</auth>";
    }

    static String saslSuccess() {
        return "<success xmlns='" + SASL_NS + "'/>";
    }

    static String saslFailure(String condition) {
        return "<failure xmlns='" + SASL_NS + "'><" + condition + "/></failure>";
    }

    static String dialbackResult(String from, String to, String key) {
        return "<db:result from='" + escape(from) + "' to='" + escape(to) + "'>" + escape(key) + "</db:result>";
    }

    static String dialbackResultAnswer(String from, String to, boolean valid) {
        return "<db:result from='" + escape(from) + "' to='" + escape(to) + "' type='" + (valid ? "valid" : "invalid") + "'/>";
    }

    /** An answer to a db:result we cannot process, with an error condition (XEP-0220 §2.4). */
    static String dialbackResultError(String from, String to, String condition) {
        return "<db:result from='" + escape(from) + "' to='" + escape(to) + "' type='error'><error type='cancel'><"
                + condition + " xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></db:result>";
    }

    static String dialbackVerify(String from, String to, String id, String key) {
        return "<db:verify from='" + escape(from) + "' to='" + escape(to) + "' id='" + escape(id) + "'>" + escape(key) + "</db:verify>";
    }

    static String dialbackVerifyAnswer(String from, String to, String id, boolean valid) {
        return "<db:verify from='" + escape(from) + "' to='" + escape(to) + "' id='" + escape(id) + "' type='"
                + (valid ? "valid" : "invalid") + "'/>";
    }

    /** A stream error and the close; nothing may follow (RFC 6120 §4.9.1.1). */
    static String errorAndClose(String condition, String text) {
        return "<stream:error><" + condition + " xmlns='" + STREAM_ERRORS_NS + "'/>"
                + (text == null || text.isEmpty() ? "" : "<text xmlns='" + STREAM_ERRORS_NS + "'>" + escape(text) + "</text>")
                + "</stream:error>" + CLOSE;
    }

    private static void attribute(StringBuilder s, String name, String value) {
        if (value != null && !value.isEmpty()) {
            s.append(' ').append(name).append("='").append(escape(value)).append('\'');
        }
    }

    static String escape(String value) {
        StringBuilder s = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> s.append("&amp;");
                case '<' -> s.append("&lt;");
                case '>' -> s.append("&gt;");
                case '\'' -> s.append("&apos;");
                case '"' -> s.append("&quot;");
                default -> s.append(c);
            }
        }
        return s.toString();
    }
}
