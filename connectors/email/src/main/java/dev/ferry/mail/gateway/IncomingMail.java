package dev.ferry.mail.gateway;

import dev.ferry.mail.protocol.AuthenticationResults;
import dev.ferry.mail.protocol.DeliveryReport;
import dev.ferry.spi.MessageError;
import dev.ferry.mail.protocol.MailParser;
import dev.ferry.mail.protocol.ParsedMail;
import dev.ferry.mappings.address.AddressException;
import dev.ferry.mappings.address.JidAddress;
import dev.ferry.mappings.address.MailAddress;
import dev.ferry.spi.Address;
import dev.ferry.spi.Attachment;
import dev.ferry.spi.Delivery;
import dev.ferry.spi.EventSink;
import dev.ferry.spi.Failure;
import dev.ferry.spi.FileUploads;
import dev.ferry.spi.Message;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * From mail to XMPP: a parsed mail becomes one message per local recipient, from the author's
 * gateway address ({@code carol%mail.example@mail.gw}), in the XMPP thread of the mail it answers.
 * Attachments are uploaded to the XMPP server's upload service and sent as links, or named in the
 * text when there is none. Ferry's own Message-IDs coming back are a loop and refused.
 */
final class IncomingMail {

    private static final Logger LOG = LoggerFactory.getLogger(IncomingMail.class);

    /** A mail that must not be taken, with the SMTP reply that says why. */
    static final class Refusal extends Exception {
        final int code;

        Refusal(int code, String reason) {
            super(reason);
            this.code = code;
        }
    }

    private final MailSettings settings;
    private final String componentDomain;
    private final MailThreads threads;
    private final Recipients recipients;
    private final EventSink sink;
    private final FileUploads uploads;

    IncomingMail(MailSettings settings, String componentDomain, MailThreads threads, Recipients recipients, EventSink sink,
                 FileUploads uploads) {
        this.settings = settings;
        this.componentDomain = componentDomain;
        this.threads = threads;
        this.recipients = recipients;
        this.sink = sink;
        this.uploads = uploads;
    }

    /**
     * Delivers one mail to its recipients.
     *
     * @param envelopeSender MAIL FROM ({@code ""} for a bounce)
     * @throws Refusal when the mail is unreadable or a loop
     */
    CompletionStage<Delivery> deliver(byte[] raw, String envelopeSender, List<JidAddress> to) throws Refusal {
        ParsedMail mail;
        try {
            mail = MailParser.parse(raw, envelopeSender, settings.stripQuotes());
        } catch (IllegalArgumentException e) {
            throw new Refusal(554, "5.6.0 " + e.getMessage());
        }
        if (mail.messageId().filter(threads::isOurs).isPresent()) {
            throw new Refusal(554, "5.4.6 mail loop: " + mail.messageId().get() + " was written by this gateway");
        }
        if (mail.from().isEmpty()) {
            throw new Refusal(550, "5.6.0 no readable From address");
        }
        MailAddress author;
        try {
            author = MailAddress.parseAddress(mail.from().get());
        } catch (AddressException e) {
            throw new Refusal(550, "5.1.7 From: " + e.getMessage());
        }
        boolean verified = AuthenticationResults.verified(mail.authenticationResults(), settings.trustedAuthservId(), mail.from().get())
                || author.domain().equalsIgnoreCase(settings.domain());
        Optional<CompletionStage<Delivery>> bounce = bounce(mail, to);
        if (bounce.isPresent()) {
            return bounce.get();
        }
        String messageId = mail.messageId().orElseGet(() -> "<ferry-in." + UUID.randomUUID() + "@" + settings.domain() + ">");
        String thread = threads.threadOf(mail.parentIds()).orElseGet(MailThreads::newThread);
        return attachments(mail).thenCompose(files -> {
            String text = text(mail, files.notes, verified);
            List<CompletableFuture<Delivery>> each = new ArrayList<>();
            for (JidAddress jid : to) {
                threads.remember(messageId, thread, jid.format());
                Message m = new Message(Address.of(author.format(), componentDomain), Address.of(jid.localpart(), jid.domain()),
                        Message.Kind.CHAT, text, mail.subject().isEmpty() ? Optional.empty() : Optional.of(mail.subject()),
                        Optional.of(thread), "mail-" + UUID.randomUUID(), Optional.empty(), files.links, Instant.now());
                each.add(sink.accept(m).toCompletableFuture());
            }
            return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new)).thenApply(v -> each.stream()
                    .map(CompletableFuture::join).filter(Delivery::isFailed).findFirst().orElse(Delivery.delivered()));
        });
    }

    /**
     * A bounce (RFC 3464 report, action failed) of a mail we sent becomes an XMPP error about the
     * message that mail carried, from the address that refused it: the sender learns which of
     * their messages did not arrive, and why. Other reports arrive as (automatic) mail.
     */
    private Optional<CompletionStage<Delivery>> bounce(ParsedMail mail, List<JidAddress> to) {
        if (mail.report().isEmpty() || mail.automatic().isEmpty() || !mail.report().get().failed()) {
            return Optional.empty();
        }
        DeliveryReport report = mail.report().get();
        Optional<String> xmppId = report.originalMessageId().filter(threads::isOurs).flatMap(threads::outgoingXmppId);
        MailAddress refused;
        try {
            refused = MailAddress.parseAddress(report.finalRecipient());
        } catch (AddressException e) {
            return Optional.empty();
        }
        if (xmppId.isEmpty()) {
            return Optional.empty();
        }
        String text = "the mail to " + refused.toAddress() + " bounced: " + report.status()
                + (report.diagnostic().isEmpty() ? "" : " " + report.diagnostic());
        // To the resource that sent the message (a bare-JID error would be dropped by the server).
        Optional<String> sender = report.originalMessageId().flatMap(threads::outgoingSender);
        List<CompletableFuture<Delivery>> each = new ArrayList<>();
        for (JidAddress jid : to) {
            Address target = sender.filter(s -> s.startsWith(jid.format() + "/"))
                    .map(s -> new Address(jid.localpart(), jid.domain(), s.substring(jid.format().length() + 1)))
                    .orElse(Address.of(jid.localpart(), jid.domain()));
            each.add(sink.accept(new MessageError(Address.of(refused.format(), componentDomain), target,
                    xmppId.get(), failure(report.status()), Optional.of(text))).toCompletableFuture());
        }
        return Optional.of(CompletableFuture.allOf(each.toArray(CompletableFuture[]::new)).thenApply(v -> Delivery.delivered()));
    }

    /** RFC 3463 status → stanza error: 5.1.x no such mailbox, 5.2.2/5.3.4 too big or full, 5.7.x refused by policy. */
    static Failure failure(String status) {
        if (status.startsWith("5.1.") || status.startsWith("4.1.")) {
            return Failure.ITEM_NOT_FOUND;
        }
        if (status.equals("5.2.2") || status.equals("5.3.4") || status.equals("5.2.3")) {
            return Failure.RESOURCE_CONSTRAINT;
        }
        if (status.startsWith("5.7.")) {
            return Failure.FORBIDDEN;
        }
        return Failure.RECIPIENT_UNAVAILABLE;
    }

    /** A mail written by one XMPP user to another's bridge address: straight to them, no SMTP. */
    CompletionStage<Delivery> deliverLocal(byte[] raw, String fromAddress, String toAddress, String thread) {
        Recipients.Resolution r = recipients.resolve(toAddress);
        if (r instanceof Recipients.Refused refused) {
            return CompletableFuture.completedFuture(Delivery.failed(Failure.ITEM_NOT_FOUND, refused.reason()));
        }
        try {
            return deliverParsedLocal(raw, fromAddress, ((Recipients.Local) r).jid(), thread);
        } catch (Refusal e) {
            return CompletableFuture.completedFuture(Delivery.failed(Failure.NOT_ACCEPTABLE, e.getMessage()));
        }
    }

    private CompletionStage<Delivery> deliverParsedLocal(byte[] raw, String fromAddress, JidAddress to, String thread) throws Refusal {
        // Our own Message-ID is expected here: this is the one place it may "enter". The sender's
        // thread is kept as it is: both ends are XMPP users.
        ParsedMail mail = MailParser.parse(raw, fromAddress, false);
        mail.messageId().ifPresent(id -> threads.remember(id, thread, to.format()));
        MailAddress author = MailAddress.parseAddress(fromAddress);
        Message m = new Message(Address.of(author.format(), componentDomain), Address.of(to.localpart(), to.domain()),
                Message.Kind.CHAT, mail.text(), mail.subject().isEmpty() ? Optional.empty() : Optional.of(mail.subject()),
                Optional.of(thread), "mail-" + UUID.randomUUID(), Optional.empty(), List.of(), Instant.now());
        return sink.accept(m);
    }

    private static final class Files {
        final List<Attachment> links = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
    }

    private CompletionStage<Files> attachments(ParsedMail mail) {
        Files files = new Files();
        CompletableFuture<Void> all = CompletableFuture.completedFuture(null);
        for (ParsedMail.MailAttachment a : mail.attachments()) {
            if (!uploads.available()) {
                files.notes.add("attachment not shown (this XMPP server has no file upload service): " + describe(a));
                continue;
            }
            all = all.thenCompose(v -> uploads.upload(a.name(), Optional.of(a.mediaType()), a.content()).handle((URI url, Throwable e) -> {
                if (e != null) {
                    LOG.warn("upload of {} failed: {}", a.name(), e.getMessage());
                    synchronized (files) {
                        files.notes.add("attachment could not be uploaded (" + e.getMessage() + "): " + describe(a));
                    }
                } else {
                    synchronized (files) {
                        files.links.add(new Attachment(url, Optional.of(a.name()), Optional.of(a.mediaType()), a.content().length));
                    }
                }
                return null;
            }));
        }
        return all.thenApply(v -> files);
    }

    private static String describe(ParsedMail.MailAttachment a) {
        return a.name() + " (" + a.mediaType() + ", " + a.content().length + " bytes)";
    }

    private static String text(ParsedMail mail, List<String> attachmentNotes, boolean verified) {
        StringBuilder out = new StringBuilder(mail.text());
        List<String> notes = new ArrayList<>(mail.notes());
        notes.addAll(attachmentNotes);
        // Said to the reader, so a bounce or an out-of-office is not mistaken for a person's answer.
        mail.automatic().ifPresent(why -> notes.add("automatic mail: " + why));
        if (!verified) {
            notes.add("sender not verified");
        }
        if (!notes.isEmpty()) {
            out.append(out.length() == 0 ? "" : "\n\n");
            for (int i = 0; i < notes.size(); i++) {
                out.append(i == 0 ? "" : "\n").append("[").append(notes.get(i)).append("]");
            }
        }
        return out.toString();
    }
}
