package dev.ferry.mail.protocol;

import java.util.Locale;
import java.util.Optional;

/**
 * A delivery status notification (RFC 3464 bounce) about one recipient of a mail we sent:
 * {@code Action: failed}, the status and the remote server's words, and the Message-ID of the
 * mail it returns (from its text/rfc822-headers or message/rfc822 part).
 */
public record DeliveryReport(String finalRecipient, String action, String status, String diagnostic,
                             Optional<String> originalMessageId) {

    public boolean failed() {
        return action.equalsIgnoreCase("failed");
    }

    /** Parses the message/delivery-status part: per-message fields, a blank line, per-recipient fields. */
    static Optional<DeliveryReport> parse(String deliveryStatus, Optional<String> originalMessageId) {
        String recipient = null;
        String action = null;
        String status = "";
        String diagnostic = "";
        // Continuation lines (folded Diagnostic-Code) start with white space.
        String unfolded = deliveryStatus.replace("\r\n", "\n").replaceAll("\n[ \t]+", " ");
        for (String line : unfolded.split("\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            switch (name) {
                case "final-recipient" -> recipient = afterType(value);
                case "action" -> action = value;
                case "status" -> status = value;
                case "diagnostic-code" -> diagnostic = afterType(value);
                default -> { }
            }
        }
        if (recipient == null || action == null) {
            return Optional.empty();
        }
        return Optional.of(new DeliveryReport(HeaderText.singleLine(recipient), HeaderText.singleLine(action),
                HeaderText.singleLine(status), HeaderText.singleLine(diagnostic), originalMessageId));
    }

    /** {@code rfc822; carol@mail.example} → {@code carol@mail.example}. */
    private static String afterType(String value) {
        int semi = value.indexOf(';');
        return (semi < 0 ? value : value.substring(semi + 1)).trim();
    }
}
