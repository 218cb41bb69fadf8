package dev.ferry.mail.protocol;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A mail to compose, in neutral terms. Addresses are plain {@code local@domain}, already
 * validated by {@code MailAddress}; {@code subject} and {@code fromName} may hold anything (they
 * are made single-line when written).
 *
 * @param autoSubmitted value of {@code Auto-Submitted} (RFC 3834) for mails Ferry writes itself
 *                      (verification, notices); empty for a person's message
 */
public record OutgoingMail(String from, String fromName, String to, String subject, String body, String messageId,
                           Optional<String> inReplyTo, List<String> references, Instant date,
                           Optional<String> autoSubmitted, Optional<String> replyTo) {

    public OutgoingMail {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(messageId, "messageId");
        fromName = fromName == null ? "" : fromName;
        subject = subject == null ? "" : subject;
        body = body == null ? "" : body;
        inReplyTo = inReplyTo == null ? Optional.empty() : inReplyTo;
        references = references == null ? List.of() : List.copyOf(references);
        date = date == null ? Instant.now() : date;
        autoSubmitted = autoSubmitted == null ? Optional.empty() : autoSubmitted;
        replyTo = replyTo == null ? Optional.empty() : replyTo;
    }
}
