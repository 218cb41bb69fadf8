package dev.ferry.mail.smtp;

/**
 * What the smarthost said about one mail: taken, try again later (4xx, no connection), refused
 * for good (5xx), or unknown (the connection was lost after the whole mail was handed over and
 * before the server answered). {@code reason} is the server's reply or the connection problem, for the sender.
 */
public record SendResult(Kind kind, String reason) {

    public enum Kind { SENT, TEMPORARY, PERMANENT, UNKNOWN }

    public static SendResult sent() {
        return new SendResult(Kind.SENT, "");
    }

    public static SendResult temporary(String reason) {
        return new SendResult(Kind.TEMPORARY, reason);
    }

    public static SendResult permanent(String reason) {
        return new SendResult(Kind.PERMANENT, reason);
    }

    public static SendResult unknown(String reason) {
        return new SendResult(Kind.UNKNOWN, reason);
    }
}
