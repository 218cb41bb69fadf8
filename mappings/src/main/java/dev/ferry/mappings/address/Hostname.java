package dev.ferry.mappings.address;

import java.util.regex.Pattern;

/**
 * DNS host names as accepted in every address form: ASCII letter-digit-hyphen labels (IDNs must
 * come as punycode), no trailing dot, no IP literals in brackets, no ports.
 */
final class Hostname {

    static final int MAX_LENGTH = 253;
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

    private Hostname() {
    }

    /** Returns why {@code host} is not a host name, or null if it is one. */
    static String problem(String host) {
        if (host == null || host.isEmpty()) {
            return "missing host name";
        }
        if (host.length() > MAX_LENGTH) {
            return "host name longer than " + MAX_LENGTH + " characters";
        }
        if (host.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            return "host name contains whitespace or control characters";
        }
        if (host.indexOf(':') >= 0) {
            return "host name must not carry a port or IPv6 literal";
        }
        if (host.endsWith(".")) {
            return "host name must not end with a dot";
        }
        for (String label : host.split("\\.", -1)) {
            if (label.isEmpty()) {
                return "host name has an empty label";
            }
            if (!LABEL.matcher(label).matches()) {
                return "host name label '" + AddressException.printable(label)
                        + "' is not letters, digits and inner hyphens (max 63)";
            }
        }
        return null;
    }

    static void require(String what, String input, String host) {
        String problem = problem(host);
        if (problem != null) {
            throw new AddressException(what, input, problem);
        }
    }
}
