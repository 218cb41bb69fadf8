package dev.ferry.spi;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A chat, groupchat, headline or normal message. {@code id} is the sender's id, kept for receipts
 * and corrections. {@code delayed} marks a message that is not live (room history, or one that
 * waited): the XMPP side stamps it with XEP-0203 {@code sent}. {@code receiptRequested}: the sender
 * asked to be told when it reaches its reader (XEP-0184); a connector answers with a
 * {@link Receipt} only where its network tells it so, never merely because it was sent.
 */
public record Message(Address from, Address to, Kind kind, String body, Optional<String> subject,
                      Optional<String> thread, String id, Optional<String> replaces,
                      List<Attachment> attachments, Instant sent, boolean delayed,
                      boolean receiptRequested) implements Event {

    public enum Kind { CHAT, GROUPCHAT, NORMAL, HEADLINE }

    public Message {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(kind, "kind");
        body = body == null ? "" : body;
        subject = subject == null ? Optional.empty() : subject;
        thread = thread == null ? Optional.empty() : thread;
        replaces = replaces == null ? Optional.empty() : replaces;
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        sent = sent == null ? Instant.now() : sent;
    }

    public Message(Address from, Address to, Kind kind, String body, Optional<String> subject, Optional<String> thread,
                   String id, Optional<String> replaces, List<Attachment> attachments, Instant sent, boolean delayed) {
        this(from, to, kind, body, subject, thread, id, replaces, attachments, sent, delayed, false);
    }

    /** A live message. */
    public Message(Address from, Address to, Kind kind, String body, Optional<String> subject, Optional<String> thread,
                   String id, Optional<String> replaces, List<Attachment> attachments, Instant sent) {
        this(from, to, kind, body, subject, thread, id, replaces, attachments, sent, false);
    }

    public static Message chat(Address from, Address to, String id, String body) {
        return new Message(from, to, Kind.CHAT, body, Optional.empty(), Optional.empty(), id,
                Optional.empty(), List.of(), Instant.now());
    }

    /** This message with a XEP-0184 receipt asked for. */
    public Message withReceiptRequested() {
        return new Message(from, to, kind, body, subject, thread, id, replaces, attachments, sent, delayed, true);
    }
}
