package dev.ferry.mail.smtp;

/**
 * What the smarthost said about one mail: taken, try again later (4xx, no connection), or
 * refused for good (5xx). {@code reason} is the server's reply or the connection problem, for the sender.
 */
public record SendResult(Kind kind, String reason) {

    public enum Kind { SENT, TEMPORARY, PERMANENT }

    public static SendResult sent() {
        return new SendResult(Kind.SENT, "");
    }

    public static SendResult temporary(String reason) {
        return new SendResult(Kind.TEMPORARY, reason);
    }

    public static SendResult permanent(String reason) {
        return new SendResult(Kind.PERMANENT, reason);
    }
}
