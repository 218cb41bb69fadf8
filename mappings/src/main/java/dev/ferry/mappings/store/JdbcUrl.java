package dev.ferry.mappings.store;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** What the store needs to know about a JDBC URL before connecting. */
final class JdbcUrl {

    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)(password=)[^&;]*");
    private static final String H2 = "jdbc:h2:";

    private JdbcUrl() {
    }

    /**
     * The URL to connect with. H2 file databases get, unless the URL sets them itself:
     * <ul>
     * <li>{@code DB_CLOSE_ON_EXIT=FALSE}: H2's own shutdown hook would otherwise close the
     * database while Ferry's shutdown still drains the outbox;</li>
     * <li>{@code WRITE_DELAY=0}: by default H2 writes commits to the file up to 500 ms later, so a
     * kill -9 loses stanzas the outbox already acknowledged (OutboxCrashTest shows it). With 0,
     * each commit reaches the file before {@code enqueue} returns; MVStore keeps the file
     * consistent either way.</li>
     * </ul>
     */
    static String effective(String url) {
        if (h2FilePath(url).isEmpty()) {
            return url;
        }
        String upper = url.toUpperCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(url);
        if (!upper.contains("DB_CLOSE_ON_EXIT")) {
            out.append(";DB_CLOSE_ON_EXIT=FALSE");
        }
        if (!upper.contains("WRITE_DELAY")) {
            out.append(";WRITE_DELAY=0");
        }
        return out.toString();
    }

    /** The database path of an embedded H2 file URL ({@code jdbc:h2:file:x} or {@code jdbc:h2:./x}). */
    static Optional<Path> h2FilePath(String url) {
        if (!url.regionMatches(true, 0, H2, 0, H2.length())) {
            return Optional.empty();
        }
        String rest = url.substring(H2.length());
        int semi = rest.indexOf(';');
        if (semi >= 0) {
            rest = rest.substring(0, semi);
        }
        String lower = rest.toLowerCase(Locale.ROOT);
        if (lower.startsWith("file:")) {
            rest = rest.substring("file:".length());
        } else if (lower.matches("^(mem|tcp|ssl|zip|split|nio\\w*|async|memfs|memlzf|retry|rec):.*")) {
            return Optional.empty();
        }
        if (rest.isEmpty()) {
            return Optional.empty();
        }
        if (rest.startsWith("~")) {
            rest = System.getProperty("user.home") + rest.substring(1);
        }
        return Optional.of(Path.of(rest));
    }

    /** The URL with any password parameter masked, for logs and messages. */
    static String redacted(String url) {
        return url == null ? null : PASSWORD_PARAM.matcher(url).replaceAll("$1***");
    }
}
