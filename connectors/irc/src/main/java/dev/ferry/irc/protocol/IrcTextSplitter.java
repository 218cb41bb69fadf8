package dev.ferry.irc.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits user text into pieces that each fit one IRC line.
 *
 * <ul>
 *   <li>Every {@code \r\n}, {@code \r} or {@code \n} starts a new line; empty lines are dropped.</li>
 *   <li>NUL and the other C0 controls are removed, except the IRC formatting codes
 *       (bold, colour, monospace, reverse, reset, italic, strikethrough, underline).</li>
 *   <li>Each line is cut so that {@code :<nick>!<user>@<host> <COMMAND> <target> :<chunk>\r\n}, as the
 *       server relays it, stays within 512 bytes. Cuts fall between code points (never inside a
 *       UTF-8 sequence or a surrogate pair) and at a space when one lies in the last ~30% of the
 *       chunk; the space starts the next chunk (servers such as ngIRCd trim trailing spaces but keep
 *       leading ones), so concatenating the chunks of a line gives the line back exactly.</li>
 * </ul>
 * A lone surrogate (not encodable as UTF-8) becomes U+FFFD.
 */
public final class IrcTextSplitter {

    /** RFC 1459 line limit, CRLF included. */
    public static final int MAX_LINE_BYTES = 512;
    /** The longest host part a server may show in our prefix (RFC 1035 label limit, cloaks fit too). */
    public static final int DEFAULT_HOST_BYTES = 63;
    /** Share of the chunk, from its end, in which a space is preferred as the cut. */
    private static final double SPACE_WINDOW = 0.30;
    private static final int MIN_CHUNK_BYTES = 16;

    private final int maxChunkBytes;

    /** A splitter whose chunks are at most {@code maxChunkBytes} UTF-8 bytes. */
    public IrcTextSplitter(int maxChunkBytes) {
        if (maxChunkBytes < MIN_CHUNK_BYTES) {
            throw new IllegalArgumentException("chunk budget " + maxChunkBytes + " bytes is below " + MIN_CHUNK_BYTES
                    + "; target or prefix too long for a 512-byte IRC line");
        }
        this.maxChunkBytes = maxChunkBytes;
    }

    /**
     * A splitter for {@code <command> <target> :<chunk>} relayed with a prefix of
     * {@code prefixReserve} bytes (the {@code :nick!user@host} part), keeping
     * {@code wrapperBytes} per chunk free (e.g. 9 for a CTCP ACTION wrapper).
     */
    public static IrcTextSplitter forLine(int prefixReserve, String command, String target, int wrapperBytes) {
        int fixed = prefixReserve + 1 + utf8Length(command) + 1 + utf8Length(target) + 2 + 2;
        return new IrcTextSplitter(MAX_LINE_BYTES - fixed - wrapperBytes);
    }

    /** {@code :nick!~user@host } bytes, with the host at its {@link #DEFAULT_HOST_BYTES} maximum. */
    public static int prefixReserve(String nick, String user) {
        // ':' + nick + '!' + '~' (ident not verified) + user + '@' + host + ' '
        return 1 + utf8Length(nick) + 1 + 1 + utf8Length(user) + 1 + DEFAULT_HOST_BYTES + 1;
    }

    public int maxChunkBytes() {
        return maxChunkBytes;
    }

    /** All chunks of all lines of {@code text}, in order. */
    public List<String> split(String text) {
        List<String> chunks = new ArrayList<>();
        for (String line : lines(text)) {
            splitLine(line, chunks);
        }
        return chunks;
    }

    /** The non-empty lines of {@code text}, cleaned of forbidden controls, not yet cut to size. */
    public static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                flushLine(line, lines);
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                line.append(c).append(text.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                line.append('\uFFFD');
            } else if (c >= 0x20 || isFormattingCode(c)) {
                line.append(c);
            }
            // other C0 controls (NUL, CTCP's \u0001, BEL, ...) are dropped
        }
        flushLine(line, lines);
        return lines;
    }

    /** IRC formatting codes that survive cleaning. */
    public static boolean isFormattingCode(char c) {
        return c == '\u0002' || c == '\u0003' || c == '\u000f' || c == '\u0011' || c == '\u0016'
                || c == '\u001d' || c == '\u001e' || c == '\u001f';
    }

    private static void flushLine(StringBuilder line, List<String> lines) {
        if (!line.isEmpty()) {
            lines.add(line.toString());
            line.setLength(0);
        }
    }

    private void splitLine(String line, List<String> out) {
        int start = 0;
        while (start < line.length()) {
            int bytes = 0;
            int i = start;
            int lastSpace = -1; // index of the last space that fits
            int bytesBeforeLastSpace = 0;
            while (i < line.length()) {
                int cp = line.codePointAt(i);
                int len = utf8Length(cp);
                if (bytes + len > maxChunkBytes) {
                    break;
                }
                if (cp == ' ') {
                    lastSpace = i;
                    bytesBeforeLastSpace = bytes;
                }
                bytes += len;
                i += Character.charCount(cp);
            }
            int end = i;
            if (end < line.length() && lastSpace > start
                    && bytesBeforeLastSpace >= maxChunkBytes * (1 - SPACE_WINDOW)) {
                end = lastSpace;
            }
            out.add(line.substring(start, end));
            start = end;
        }
    }

    public static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static int utf8Length(int codePoint) {
        if (codePoint < 0x80) {
            return 1;
        } else if (codePoint < 0x800) {
            return 2;
        } else if (codePoint < 0x10000) {
            return 3;
        }
        return 4;
    }
}
