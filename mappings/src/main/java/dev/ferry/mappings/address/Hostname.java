package dev.ferry.mappings.address;

/**
 * DNS host names as accepted in every address form: ASCII letter-digit-hyphen labels (IDNs must
 * come as punycode), no trailing dot, no IP literals in brackets, no ports.
 */
final class Hostname {

    static final int MAX_LENGTH = 253;
    private static final int MAX_LABEL = 63;

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
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                return "host name contains whitespace or control characters";
            }
        }
        if (host.indexOf(':') >= 0) {
            return "host name must not carry a port or IPv6 literal";
        }
        if (host.endsWith(".")) {
            return "host name must not end with a dot";
        }
        // By hand, not split and a regex: every relayed message's address passes here, and on a
        // valid name this allocates nothing (the regex path was 3.5 % of Ferry's allocation per
        // relayed line, JFR in src/bench/irc).
        for (int start = 0; start <= host.length(); ) {
            int end = host.indexOf('.', start);
            if (end < 0) {
                end = host.length();
            }
            if (end == start) {
                return "host name has an empty label";
            }
            if (!isLabel(host, start, end)) {
                return "host name label '" + AddressException.printable(host.substring(start, end))
                        + "' is not letters, digits and inner hyphens (max 63)";
            }
            start = end + 1;
        }
        return null;
    }

    /** ASCII letters, digits and inner hyphens, 1 to 63 of them. */
    private static boolean isLabel(String host, int start, int end) {
        if (end - start > MAX_LABEL || host.charAt(start) == '-' || host.charAt(end - 1) == '-') {
            return false;
        }
        for (int i = start; i < end; i++) {
            char c = host.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) {
                return false;
            }
        }
        return true;
    }

    static void require(String what, String input, String host) {
        String problem = problem(host);
        if (problem != null) {
            throw new AddressException(what, input, problem);
        }
    }
}
