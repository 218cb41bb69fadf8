package dev.ferry.mappings.address;

/**
 * An address that cannot be parsed or would be unsafe on the wire. The message names the input
 * and the reason, so the bridge can pass it to the sender in an error stanza as is.
 */
public final class AddressException extends IllegalArgumentException {

    private final String input;
    private final String reason;

    public AddressException(String what, String input, String reason) {
        super("invalid " + what + " '" + printable(input) + "': " + reason);
        this.input = input;
        this.reason = reason;
    }

    /** The offending input, unchanged. */
    public String input() {
        return input;
    }

    /** Why it was refused, without the input. */
    public String reason() {
        return reason;
    }

    /** Control characters are shown escaped so the message itself cannot forge log lines. */
    static String printable(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(s.length(), 300));
        int shown = 0;
        for (int i = 0; i < s.length() && shown < 256; i++, shown++) {
            char c = s.charAt(i);
            switch (c) {
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\0' -> out.append("\\0");
                default -> {
                    if (Character.isISOControl(c)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        if (s.length() > 256) {
            out.append("...");
        }
        return out.toString();
    }
}
