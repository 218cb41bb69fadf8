package dev.ferry.sip.protocol;

/**
 * Text from XMPP that becomes a SIP header value (a subject; Ferry writes no display names): CR, LF and every
 * other control character become a space, so nothing from XMPP can end a header line and start
 * another (RFC 3261 §25.1 TEXT-UTF8 has no controls); overlong values are cut.
 */
public final class HeaderText {

    public static final int MAX_LENGTH = 256;

    private HeaderText() {
    }

    /** The value with controls replaced by spaces, runs of white space folded, trimmed and cut. */
    public static String clean(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder s = new StringBuilder(Math.min(text.length(), MAX_LENGTH));
        boolean space = false;
        for (int i = 0; i < text.length() && s.length() < MAX_LENGTH; ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            boolean blank = Character.isISOControl(c) || Character.isWhitespace(c) || c == 0x2028 || c == 0x2029
                    || Character.getType(c) == Character.FORMAT && c != 0x200D;
            if (blank) {
                space = s.length() > 0;
                continue;
            }
            if (space) {
                s.append(' ');
                space = false;
            }
            s.appendCodePoint(c);
        }
        if (s.length() > MAX_LENGTH) {
            // the last code point may have overrun the limit: never cut a surrogate pair, never end on the space before it
            s.setLength(Character.isLowSurrogate(s.charAt(MAX_LENGTH)) ? MAX_LENGTH - 1 : MAX_LENGTH);
        }
        return s.toString().stripTrailing();
    }
}
