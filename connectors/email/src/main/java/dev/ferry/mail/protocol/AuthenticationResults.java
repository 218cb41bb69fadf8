package dev.ferry.mail.protocol;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RFC 8601 {@code Authentication-Results}, believed only from the one authserv-id the operator
 * trusts (their own MTA; anyone else can write the header). A sender counts as verified when that
 * header says {@code dmarc=pass}, or {@code dkim=pass} / {@code spf=pass} for the author's domain.
 */
public final class AuthenticationResults {

    private static final Pattern RESULT = Pattern.compile("(dmarc|dkim|spf)\\s*=\\s*(\\w+)([^;]*)", Pattern.CASE_INSENSITIVE);

    private AuthenticationResults() {
    }

    public static boolean verified(List<String> headers, String trustedAuthservId, String authorAddress) {
        if (trustedAuthservId == null || trustedAuthservId.isBlank() || authorAddress == null) {
            return false;
        }
        String authorDomain = authorAddress.substring(authorAddress.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
        for (String header : headers) {
            int semi = header.indexOf(';');
            String authserv = (semi < 0 ? header : header.substring(0, semi)).trim().split("\\s+")[0];
            if (!authserv.equalsIgnoreCase(trustedAuthservId.trim())) {
                continue;
            }
            Matcher m = RESULT.matcher(header);
            while (m.find()) {
                String method = m.group(1).toLowerCase(Locale.ROOT);
                boolean pass = m.group(2).equalsIgnoreCase("pass");
                String props = m.group(3).toLowerCase(Locale.ROOT);
                if (pass && (method.equals("dmarc") || props.contains("@" + authorDomain) || props.contains("=" + authorDomain))) {
                    return true;
                }
            }
        }
        return false;
    }
}
