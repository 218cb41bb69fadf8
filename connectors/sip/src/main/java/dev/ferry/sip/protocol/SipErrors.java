package dev.ferry.sip.protocol;

import dev.ferry.spi.Failure;
import java.util.EnumMap;
import java.util.Map;

/**
 * RFC 7247 error mapping both ways: a SIP final response to the stanza error the XMPP sender
 * sees (§7, table 2), and an XMPP stanza error to the SIP response a SIP sender gets (§6, table 1),
 * narrowed to the conditions the neutral {@link Failure} has.
 */
public final class SipErrors {

    /** XMPP → SIP (RFC 7247 §6). */
    private static final Map<Failure, Integer> TO_SIP = new EnumMap<>(Failure.class);

    static {
        TO_SIP.put(Failure.BAD_REQUEST, 400);
        TO_SIP.put(Failure.FEATURE_NOT_IMPLEMENTED, 501);
        TO_SIP.put(Failure.FORBIDDEN, 403);
        TO_SIP.put(Failure.INTERNAL_SERVER_ERROR, 500);
        TO_SIP.put(Failure.ITEM_NOT_FOUND, 404);
        TO_SIP.put(Failure.NOT_ACCEPTABLE, 406);
        TO_SIP.put(Failure.NOT_AUTHORIZED, 401);
        TO_SIP.put(Failure.POLICY_VIOLATION, 403);
        TO_SIP.put(Failure.RECIPIENT_UNAVAILABLE, 480);
        TO_SIP.put(Failure.REMOTE_SERVER_NOT_FOUND, 404);
        TO_SIP.put(Failure.REMOTE_SERVER_TIMEOUT, 408);
        TO_SIP.put(Failure.RESOURCE_CONSTRAINT, 500);
        TO_SIP.put(Failure.SERVICE_UNAVAILABLE, 503);
    }

    private SipErrors() {
    }

    /** The SIP response code for an XMPP error condition. */
    public static int code(Failure failure) {
        return TO_SIP.getOrDefault(failure, 500);
    }

    /**
     * The XMPP condition for a SIP final error response (RFC 7247 §7). Codes the table does not
     * name fall back on their class: 4xx bad-request, 5xx internal-server-error (RFC 3261 §8.1.3.2
     * treats an unknown code as x00 of its class), 6xx service-unavailable.
     */
    public static Failure failure(int code) {
        switch (code) {
            case 400: case 415: case 416: case 420: case 421: return Failure.BAD_REQUEST;
            case 401: case 407: return Failure.NOT_AUTHORIZED;
            case 403: return Failure.FORBIDDEN;
            case 404: case 481: case 484: case 485: case 604: return Failure.ITEM_NOT_FOUND;
            case 406: case 482: case 483: case 488: case 505: case 606: return Failure.NOT_ACCEPTABLE;
            case 408: case 504: return Failure.REMOTE_SERVER_TIMEOUT;
            case 410: case 480: case 486: case 600: case 603: return Failure.RECIPIENT_UNAVAILABLE;
            case 413: case 414: case 513: return Failure.POLICY_VIOLATION;
            case 423: return Failure.RESOURCE_CONSTRAINT;
            case 405: case 501: return Failure.FEATURE_NOT_IMPLEMENTED;
            case 502: return Failure.REMOTE_SERVER_NOT_FOUND;
            case 487: case 493: case 503: return Failure.SERVICE_UNAVAILABLE;
            case 500: return Failure.INTERNAL_SERVER_ERROR;
            default:
                if (code >= 600) {
                    return Failure.SERVICE_UNAVAILABLE;
                }
                return code >= 500 ? Failure.INTERNAL_SERVER_ERROR : Failure.BAD_REQUEST;
        }
    }
}
