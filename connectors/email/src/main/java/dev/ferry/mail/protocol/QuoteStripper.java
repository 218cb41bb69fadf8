package dev.ferry.mail.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Cuts the quoted tail of a reply: trailing {@code >} lines and the attribution line above them
 * ("On Tue, 3 Mar 2026, Carol wrote:", "Am ... schrieb ...:", Outlook's "-----Original Message-----").
 * Quotes in the middle of a message (interleaved answers) stay: they are part of what was said.
 */
public final class QuoteStripper {

    private static final Pattern ATTRIBUTION = Pattern.compile(
            "(?i)^(on\\s.+\\swrote:|am\\s.+\\sschrieb.*:|le\\s.+\\sa\\s+écrit\\s*:|.+\\swrote:)\\s*$");
    static final int MAX_ATTRIBUTION_CHARS = 500;
    private static final Pattern OUTLOOK = Pattern.compile("(?i)^-{2,}\\s*original message\\s*-{2,}\\s*$");

    private QuoteStripper() {
    }

    public static String strip(String text) {
        List<String> lines = new ArrayList<>(List.of(text.split("\\R", -1)));
        for (int i = 0; i < lines.size(); i++) {
            if (OUTLOOK.matcher(lines.get(i).trim()).matches()) {
                return join(lines.subList(0, i));
            }
        }
        int end = lines.size();
        while (end > 0 && (lines.get(end - 1).isBlank() || lines.get(end - 1).startsWith(">"))) {
            end--;
        }
        boolean quoted = false;
        for (int i = end; i < lines.size(); i++) {
            if (lines.get(i).startsWith(">")) {
                quoted = true;
                break;
            }
        }
        if (!quoted) {
            return text.strip();
        }
        // The attribution may be wrapped over two lines by the sender's client.
        if (end > 0 && isAttribution(lines.get(end - 1))) {
            end--;
        } else if (end > 1 && isAttribution(lines.get(end - 2) + " " + lines.get(end - 1))) {
            end -= 2;
        }
        return join(lines.subList(0, end));
    }

    /**
     * ATTRIBUTION backtracks quadratically on a long line (a 512 KB line took 49 s); a real
     * attribution is one short line, so longer candidates are not tried.
     */
    private static boolean isAttribution(String candidate) {
        String line = candidate.trim();
        return line.length() <= MAX_ATTRIBUTION_CHARS && ATTRIBUTION.matcher(line).matches();
    }

    private static String join(List<String> lines) {
        return String.join("\n", lines).strip();
    }
}
