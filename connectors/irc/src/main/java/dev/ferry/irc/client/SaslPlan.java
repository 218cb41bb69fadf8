package dev.ferry.irc.client;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Which SASL mechanisms to try, in order, from what the server offers and what we hold: EXTERNAL
 * first when a client certificate went out over TLS (nothing secret crosses the wire), then PLAIN
 * when an account and password are set. Pure, so the rules are table-tested.
 */
final class SaslPlan {

    static final String EXTERNAL = "EXTERNAL";
    static final String PLAIN = SaslPlain.MECHANISM;

    private SaslPlan() {
    }

    /**
     * @param offered the value of the server's {@code sasl} capability ({@code PLAIN,EXTERNAL}; empty when
     *                the server names no mechanisms, as CAP 301 does: then any may work); null when
     *                {@code sasl} is not offered at all
     * @param certificate whether a client certificate was presented (only over TLS)
     * @param plain whether SASL PLAIN credentials are set
     */
    static List<String> mechanisms(String offered, boolean certificate, boolean plain) {
        List<String> plan = new ArrayList<>(2);
        if (offered == null) {
            return plan;
        }
        List<String> named = offered.isEmpty() ? List.of() : Arrays.asList(offered.split(","));
        if (certificate && (named.isEmpty() || named.contains(EXTERNAL))) {
            plan.add(EXTERNAL);
        }
        if (plain && (named.isEmpty() || named.contains(PLAIN))) {
            plan.add(PLAIN);
        }
        return plan;
    }
}
