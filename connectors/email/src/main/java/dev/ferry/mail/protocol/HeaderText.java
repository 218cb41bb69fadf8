package dev.ferry.mail.protocol;

/**
 * Text from XMPP on its way into a mail header. CR and LF (and every other control character)
 * become spaces, so no input can end a header line and start another ({@code \r\nBcc: ...}).
 */
public final class HeaderText {

    private HeaderText() {
    }

    public static String singleLine(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) || c == '\u2028' || c == '\u2029' ? ' ' : c);
        }
        return out.toString().replaceAll(" {2,}", " ").trim();
    }

    /** The first non-empty line of {@code body}, at most {@code max} characters, for a subject. */
    public static String firstLine(String body, int max) {
        for (String line : body.split("\\R")) {
            String t = singleLine(line);
            if (!t.isEmpty()) {
                return t.length() <= max ? t : t.substring(0, max - 1).trim() + "…";
            }
        }
        return "";
    }
}
