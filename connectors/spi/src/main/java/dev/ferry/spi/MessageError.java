package dev.ferry.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * The message {@code messageId} that {@code to} sent to {@code from} could not be delivered, and
 * why. On XMPP it is a message of type error; on SIP the response to a MESSAGE; on mail a bounce.
 * It is never answered itself (RFC 6120 §8.3.1): that is how error loops start.
 */
public record MessageError(Address from, Address to, String messageId, Failure failure, Optional<String> text)
        implements Event {

    public MessageError {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(failure, "failure");
        messageId = messageId == null ? "" : messageId;
        text = text == null ? Optional.empty() : text;
    }
}
