package dev.ferry.bridge.stream;

/**
 * The server's bytes broke a rule of the stream (malformed, restricted XML, too large). Carries the
 * stream error condition to send back and the failure kind to report; fired down the pipeline by
 * {@link XmlStreamDecoder}.
 */
public final class XmlInputRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String condition;
    private final LinkFailure.Kind kind;

    XmlInputRefusedException(String condition, LinkFailure.Kind kind, String detail) {
        super(detail, null, false, false);
        this.condition = condition;
        this.kind = kind;
    }

    /** The RFC 6120 stream error condition we answer with, e.g. {@code restricted-xml}. */
    public String condition() {
        return condition;
    }

    LinkFailure.Kind kind() {
        return kind;
    }
}
