package dev.ferry.bridge.stream;

import dev.ferry.bridge.stream.StreamEvent.StreamError;

/** Collects the condition and {@code <text>} of a {@code <stream:error>} (children at depth 3) as the parser walks it. */
final class StreamErrorReader {

    private String condition;
    private final StringBuilder text = new StringBuilder();
    private boolean inText;

    void startElement(int depth, String namespace, String localName) {
        if (depth != 3 || !StreamMarkup.STREAM_ERRORS_NS.equals(namespace)) {
            inText = false;
            return; // application-specific conditions carry no meaning for us
        }
        inText = "text".equals(localName);
        if (!inText && condition == null) {
            condition = localName;
        }
    }

    void text(int depth, String characters) {
        // Cap what we keep: the text only goes into a log line.
        if (inText && depth == 3 && text.length() < 1024) {
            text.append(characters, 0, Math.min(characters.length(), 1024 - text.length()));
        }
    }

    StreamError toEvent() {
        return new StreamError(condition == null ? "undefined-condition" : condition, text.toString().strip());
    }
}
