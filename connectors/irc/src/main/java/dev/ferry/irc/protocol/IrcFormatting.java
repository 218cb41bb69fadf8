package dev.ferry.irc.protocol;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * mIRC formatting codes ↔ XEP-0393 message styling.
 *
 * <p>IRC → XMPP: bold {@code \u0002} → {@code *…*}, italic {@code \u001d} → {@code _…_},
 * strikethrough {@code \u001e} → {@code ~…~}, monospace {@code \u0011} → {@code `…`}; colours
 * ({@code \u0003NN[,NN]}, {@code \u0004RRGGBB[,RRGGBB]}), underline and reverse have no styling
 * equivalent and are dropped; reset {@code \u000f} closes everything open. Markers are moved inward
 * past whitespace (XEP-0393 spans may not start or end with a space) and empty spans vanish.
 *
 * <p>XMPP → IRC: spans that XEP-0393 recognises (opening directive at line start, after whitespace
 * or after another opening directive, not followed by whitespace; closing one not preceded by
 * whitespace, on the same line) become the matching codes; anything else stays literal text.
 */
public final class IrcFormatting {

    public static final char BOLD = '\u0002';
    public static final char COLOUR = '\u0003';
    public static final char HEX_COLOUR = '\u0004';
    public static final char RESET = '\u000f';
    public static final char MONOSPACE = '\u0011';
    public static final char REVERSE = '\u0016';
    public static final char ITALIC = '\u001d';
    public static final char STRIKETHROUGH = '\u001e';
    public static final char UNDERLINE = '\u001f';

    private IrcFormatting() {
    }

    // ---- IRC -> XEP-0393 ---------------------------------------------------------------------

    /** Converts mIRC-formatted text to XEP-0393 styled text. */
    public static String toStyling(String irc) {
        StyledWriter out = new StyledWriter();
        for (int i = 0; i < irc.length(); i++) {
            char c = irc.charAt(i);
            switch (c) {
                case BOLD -> out.toggle('*');
                case ITALIC -> out.toggle('_');
                case STRIKETHROUGH -> out.toggle('~');
                case MONOSPACE -> out.toggle('`');
                case RESET -> out.closeAll();
                case COLOUR -> i = skipColour(irc, i);
                case HEX_COLOUR -> i = skipHexColour(irc, i);
                case UNDERLINE, REVERSE -> {
                    // no XEP-0393 equivalent
                }
                default -> out.text(c);
            }
        }
        out.closeAll();
        return out.toString();
    }

    /** Index of the last char of {@code \u0003[N[N]][,N[N]]} starting at {@code i}. */
    private static int skipColour(String s, int i) {
        int j = skipDigits(s, i + 1, 2);
        if (j > i + 1 && j + 1 < s.length() && s.charAt(j) == ',' && Character.isDigit(s.charAt(j + 1))) {
            j = skipDigits(s, j + 1, 2);
        }
        return j - 1;
    }

    private static int skipHexColour(String s, int i) {
        int j = skipHex(s, i + 1);
        if (j > i + 1 && j < s.length() && s.charAt(j) == ',' && skipHex(s, j + 1) > j + 1) {
            j = skipHex(s, j + 1);
        }
        return j - 1;
    }

    private static int skipDigits(String s, int from, int max) {
        int j = from;
        while (j < s.length() && j - from < max && s.charAt(j) >= '0' && s.charAt(j) <= '9') {
            j++;
        }
        return j;
    }

    private static int skipHex(String s, int from) {
        if (from + 6 > s.length()) {
            return from;
        }
        for (int k = from; k < from + 6; k++) {
            if (Character.digit(s.charAt(k), 16) < 0) {
                return from;
            }
        }
        return from + 6;
    }

    /** Writes styled text keeping spans well nested and tight around non-whitespace. */
    private static final class StyledWriter {
        private final StringBuilder out = new StringBuilder();
        /** Spans open in the output, innermost last. */
        private final Deque<Character> open = new ArrayDeque<>();
        /** Spans opened in IRC whose marker waits for the first non-whitespace char. */
        private final List<Character> pending = new ArrayList<>();

        void toggle(char marker) {
            if (pending.remove((Character) marker)) {
                return; // opened and closed with nothing in between: no span
            }
            if (open.contains(marker)) {
                close(marker);
            } else {
                pending.add(marker);
            }
        }

        void text(char c) {
            if (!Character.isWhitespace(c) && !pending.isEmpty()) {
                for (char m : pending) {
                    out.append(m);
                    open.addLast(m);
                }
                pending.clear();
            }
            out.append(c);
        }

        /** Closes {@code marker}, closing and reopening spans nested inside it. */
        private void close(char marker) {
            Deque<Character> reopen = new ArrayDeque<>();
            while (!open.isEmpty()) {
                char m = open.removeLast();
                appendClosing(m);
                if (m == marker) {
                    break;
                }
                reopen.addFirst(m);
            }
            pending.addAll(0, reopen);
        }

        void closeAll() {
            pending.clear();
            while (!open.isEmpty()) {
                appendClosing(open.removeLast());
            }
        }

        /** Puts a closing marker before trailing whitespace, which XEP-0393 forbids inside a span end. */
        private void appendClosing(char marker) {
            int at = out.length();
            while (at > 0 && Character.isWhitespace(out.charAt(at - 1))) {
                at--;
            }
            out.insert(at, marker);
        }

        @Override
        public String toString() {
            return out.toString();
        }
    }

    // ---- XEP-0393 -> IRC ---------------------------------------------------------------------

    /** Converts XEP-0393 styled text to mIRC formatting codes. */
    public static String fromStyling(String styled) {
        StringBuilder out = new StringBuilder(styled.length());
        int lineStart = 0;
        while (lineStart <= styled.length()) {
            int nl = styled.indexOf('\n', lineStart);
            int lineEnd = nl < 0 ? styled.length() : nl;
            convertSpans(styled.substring(lineStart, lineEnd), out);
            if (nl < 0) {
                break;
            }
            out.append('\n');
            lineStart = nl + 1;
        }
        return out.toString();
    }

    private static void convertSpans(String s, StringBuilder out) {
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            char code = codeFor(c);
            if (code != 0 && canOpen(s, i)) {
                int close = findClose(s, i);
                if (close > 0) {
                    String inner = s.substring(i + 1, close);
                    out.append(code);
                    if (c == '`') {
                        out.append(inner); // preformatted span: no styling inside
                    } else {
                        convertSpans(inner, out);
                    }
                    out.append(code);
                    i = close + 1;
                    continue;
                }
            }
            out.append(c);
            i++;
        }
    }

    private static char codeFor(char directive) {
        return switch (directive) {
            case '*' -> BOLD;
            case '_' -> ITALIC;
            case '~' -> STRIKETHROUGH;
            case '`' -> MONOSPACE;
            default -> 0;
        };
    }

    private static boolean canOpen(String s, int i) {
        if (i + 1 >= s.length() || Character.isWhitespace(s.charAt(i + 1))) {
            return false;
        }
        return i == 0 || Character.isWhitespace(s.charAt(i - 1)) || codeFor(s.charAt(i - 1)) != 0;
    }

    /** Index of the directive closing the span opened at {@code open}, or -1. */
    private static int findClose(String s, int open) {
        char d = s.charAt(open);
        for (int k = open + 2; k < s.length(); k++) {
            if (s.charAt(k) == d && !Character.isWhitespace(s.charAt(k - 1))) {
                return k;
            }
        }
        return -1;
    }
}
