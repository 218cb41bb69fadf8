package dev.ferry.mail.gateway;

import dev.ferry.mail.protocol.HeaderText;
import dev.ferry.mail.protocol.MailComposer;
import dev.ferry.mail.protocol.OutgoingMail;
import dev.ferry.mail.smtp.QueuedMail;
import dev.ferry.mail.smtp.SendResult;
import dev.ferry.mail.smtp.SmtpOutbox;
import dev.ferry.mappings.address.AddressException;
import dev.ferry.mappings.address.JidAddress;
import dev.ferry.mappings.address.MailAddress;
import dev.ferry.spi.Address;
import dev.ferry.spi.Delivery;
import dev.ferry.spi.Failure;
import dev.ferry.spi.Message;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * From XMPP to mail: a message to {@code carol%mail.example@mail.gw} becomes a mail from the
 * sender's bridge address to {@code carol@mail.example}, in the thread's mail thread, handed to
 * the outbox. A recipient on the bridge's own mail domain is another XMPP user: delivered
 * directly, so Ferry's own mail never needs to come back in through SMTP.
 */
final class OutgoingMessages {

    private final MailSettings settings;
    private final MailThreads threads;
    private final Recipients recipients;
    private final SmtpOutbox outbox;
    private final IncomingMail local;
    private final java.util.function.Function<String, Optional<String>> linkedFrom;
    private final dev.ferry.mail.smtp.ClientRateLimiter<String> sendRate;

    /**
     * @param linkedFrom the verified address a user chose to write from, if any
     * @param sendRate   mails per XMPP user (bare JID) per minute out through the smarthost
     */
    OutgoingMessages(MailSettings settings, MailThreads threads, Recipients recipients, SmtpOutbox outbox, IncomingMail local,
                     java.util.function.Function<String, Optional<String>> linkedFrom,
                     dev.ferry.mail.smtp.ClientRateLimiter<String> sendRate) {
        this.linkedFrom = linkedFrom;
        this.sendRate = sendRate;
        this.settings = settings;
        this.threads = threads;
        this.recipients = recipients;
        this.outbox = outbox;
        this.local = local;
    }

    CompletionStage<Delivery> send(Message m) {
        if (m.kind() == Message.Kind.GROUPCHAT) {
            return done(Delivery.failed(Failure.FEATURE_NOT_IMPLEMENTED, "the mail gateway has no rooms"));
        }
        String body = withLinks(m);
        if (body.isBlank()) {
            // A message with neither text nor a file (a bare receipt request, a correction stub): nothing to mail.
            return done(Delivery.delivered());
        }
        MailAddress to;
        JidAddress sender;
        try {
            to = MailAddress.parse(m.to().local());
            sender = new JidAddress(m.from().local(), m.from().domain());
        } catch (IllegalArgumentException | NullPointerException e) {
            return done(Delivery.failed(Failure.ITEM_NOT_FOUND, e.getMessage()));
        }
        String fromAddress;
        try {
            fromAddress = linkedFrom.apply(sender.format()).orElse(recipients.bridgeAddress(sender));
        } catch (AddressException e) {
            return done(Delivery.failed(Failure.NOT_ACCEPTABLE, "your address cannot be written as a mail address: " + e.getMessage()));
        }
        String thread = m.thread().map(HeaderText::singleLine).filter(t -> !t.isEmpty()).orElseGet(MailThreads::newThread);
        Optional<String> parent = threads.latestMail(thread);
        String messageId = threads.newMessageId();
        String subject = m.subject().map(HeaderText::singleLine).filter(s -> !s.isEmpty())
                .orElseGet(() -> settings.defaultSubject().isEmpty() ? HeaderText.firstLine(body, 78) : settings.defaultSubject());
        OutgoingMail mail = new OutgoingMail(fromAddress, sender.format(), to.toAddress(), subject, body, messageId,
                parent, parent.map(List::of).orElse(List.of()), Instant.now(), Optional.empty(), Optional.empty());
        byte[] raw;
        try {
            raw = MailComposer.compose(mail);
        } catch (IllegalArgumentException e) {
            return done(Delivery.failed(Failure.BAD_REQUEST, e.getMessage()));
        }
        if (to.domain().toLowerCase(Locale.ROOT).equals(settings.domain())) {
            return local.deliverLocal(raw, fromAddress, to.toAddress(), thread);
        }
        if (!sendRate.tryAcquire(sender.format(), System.nanoTime())) {
            // Refused, not queued: the sender is told and may send it again in a minute.
            return done(Delivery.failed(Failure.RESOURCE_CONSTRAINT, "you sent more than " + settings.sendPerMinute()
                    + " mails in a minute; this one was not sent, try again shortly"));
        }
        threads.remember(messageId, thread, sender.format());
        // Errors about this message later (a 5xx on retry, a bounce) go to the sending resource.
        String senderFull = m.from().resourcePart().map(r -> sender.format() + "/" + HeaderText.singleLine(r)).orElse(sender.format());
        threads.rememberOutgoing(messageId, m.id() == null ? "" : HeaderText.singleLine(m.id()), senderFull);
        QueuedMail queued = QueuedMail.of(fromAddress, to.toAddress(), senderFull, m.to().bare().toString(),
                m.id() == null ? "" : HeaderText.singleLine(m.id()), raw);
        return outbox.submit(queued).thenApply(OutgoingMessages::delivery);
    }

    /** Files the XMPP user shared (XEP-0066 links) travel as their URLs in the text, unless the text has them already. */
    static String withLinks(Message m) {
        StringBuilder out = new StringBuilder(m.body());
        for (dev.ferry.spi.Attachment a : m.attachments()) {
            String url = a.url().toString();
            if (!m.body().contains(url)) {
                out.append(out.length() == 0 ? "" : "\n\n").append(a.name().map(n -> n + ": ").orElse("")).append(url);
            }
        }
        return out.toString();
    }

    static Delivery delivery(SendResult r) {
        return switch (r.kind()) {
            case SENT -> Delivery.delivered();
            case TEMPORARY -> Delivery.queued("the mail waits in the outbox: " + r.reason());
            case PERMANENT -> Delivery.failed(failure(r.reason()), "the mail server refused the mail: " + r.reason());
            case UNKNOWN -> Delivery.failed(Failure.REMOTE_SERVER_TIMEOUT, r.reason());
        };
    }

    /** SMTP reply → stanza error condition (550/551/553: no such mailbox; 552: too big; others: refused). */
    static Failure failure(String reply) {
        String r = reply.trim();
        if (r.startsWith("550") || r.startsWith("551") || r.startsWith("553")) {
            return r.contains("5.7.") ? Failure.FORBIDDEN : Failure.ITEM_NOT_FOUND;
        }
        if (r.startsWith("552")) {
            return Failure.RESOURCE_CONSTRAINT;
        }
        return Failure.NOT_ACCEPTABLE;
    }

    private static CompletionStage<Delivery> done(Delivery d) {
        return CompletableFuture.completedFuture(d);
    }
}
