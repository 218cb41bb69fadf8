package dev.ferry.mail.gateway;

import dev.ferry.mail.smtp.ClientRateLimiter;
import dev.ferry.mail.smtp.QueuedMail;
import dev.ferry.mail.smtp.SendResult;
import dev.ferry.mail.smtp.Smarthost;
import dev.ferry.mail.smtp.SmtpListener;
import dev.ferry.mail.smtp.SmtpOutbox;
import dev.ferry.mappings.address.AddressException;
import dev.ferry.mappings.address.JidAddress;
import dev.ferry.spi.Address;
import dev.ferry.spi.Connector;
import dev.ferry.spi.DelegatedRegistrations;
import dev.ferry.spi.ConnectorContext;
import dev.ferry.spi.Delivery;
import dev.ferry.spi.Event;
import dev.ferry.spi.EventSink;
import dev.ferry.spi.Message;
import dev.ferry.spi.MessageError;
import dev.ferry.spi.Session;
import dev.ferry.spi.GatewayRegistrations;
import dev.ferry.spi.Registrations;
import dev.ferry.spi.Failure;
import dev.ferry.mail.protocol.MailParser;
import dev.ferry.mail.protocol.ParsedMail;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subethamail.smtp.RejectException;

/**
 * Ferry's email network: XMPP messages to {@code carol%mail.example@mail.gw} go out as mail through
 * the smarthost (via the persistent outbox), and mail to {@code alice*example.org@<mail domain>}
 * (or a linked alias) taken by the embedded SMTP listener reaches {@code alice@example.org}.
 * Registered with {@link java.util.ServiceLoader}.
 */
public final class MailConnector implements Connector, DelegatedRegistrations {

    private static final Logger LOG = LoggerFactory.getLogger(MailConnector.class);

    private MailSettings settings;
    private SmtpOutbox outbox;
    private SmtpListener listener;
    private dev.ferry.mail.smtp.ImapWatcher imap;
    private OutgoingMessages outgoing;
    private IncomingMail incoming;
    private Recipients recipients;
    private MailRegistration registration;
    private Registrations registrations;
    private EventSink inbound;
    private String componentDomain;
    /**
     * Composing and storing a mail (MIME, message-id map, outbox) runs here, not on the XMPP
     * domain's one thread: one single-thread lane per user (by bare JID), so a user's messages
     * leave in the order they were written while users run in parallel.
     */
    private final java.util.List<java.util.concurrent.ExecutorService> lanes = new java.util.ArrayList<>();

    @Override
    public String network() {
        return "mail";
    }

    @Override
    public Set<String> settingKeys() {
        return MailSettings.KEYS;
    }

    @Override
    public void start(ConnectorContext context, EventSink inbound) {
        settings = MailSettings.from(context.settings(), context.componentDomain());
        MailThreads threads = new MailThreads(context.store().messageIds(), settings.domain());
        this.inbound = inbound;
        for (int i = 0; i < 4; i++) {
            lanes.add(java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "ferry-mail-compose");
                t.setDaemon(true);
                return t;
            }));
        }
        componentDomain = context.componentDomain();
        recipients = new Recipients(settings, context.store().identities(), token -> registration.pendingFor(token));
        incoming = new IncomingMail(settings, context.componentDomain(), threads, recipients, inbound, context.uploads());
        outbox = new SmtpOutbox(context.store().outbox(), settings.domain(), () -> new Smarthost(settings), settings.smarthostConnections(),
                new SmtpOutbox.Listener() {
            @Override
            public void sentLater(QueuedMail mail) {
                LOG.info("deferred mail from {} to {} sent", mail.senderJid(), mail.recipient());
            }

            @Override
            public void failedLater(QueuedMail mail, SendResult result) {
                // The sender was told "queued" earlier: now they learn it failed, as an error about their message.
                Delivery failed = OutgoingMessages.delivery(result);
                inbound.accept(new MessageError(address(mail.xmppFrom()), address(mail.senderJid()), mail.xmppId(),
                        failed.failure().orElseThrow(), Optional.of("the mail to " + mail.recipient() + ": " + failed.detail())));
            }
        }, Duration.ofSeconds(settings.retryMaxSeconds()), Duration.ofHours(settings.giveUpHours()));
        registration = new MailRegistration(settings, componentDomain, context.store().identities(), context.store().settings(),
                outbox, threads);
        registrations = new GatewayRegistrations(componentDomain, registration, "register at " + componentDomain);
        outgoing = new OutgoingMessages(settings, threads, recipients, outbox, incoming, registration::fromAddress,
                new ClientRateLimiter<>(settings.sendPerMinute()));
        outbox.start();
        if (settings.listen() != null) {
            listener = new SmtpListener(settings.listen(), settings.domain(), settings.maxSize(),
                    new ClientRateLimiter<>(settings.ratePerMinute()), new ListenerPolicy(), ListenerTls.context(settings));
            listener.start();
            LOG.info("mail for {} taken on {}:{}", settings.domain(), settings.listen().getHostString(), listener.port());
        }
        if (settings.imap() != null) {
            imap = new dev.ferry.mail.smtp.ImapWatcher(settings.imap(), this::fromMailbox);
            imap.start();
        }
        LOG.info("mail out through {}", settings);
    }

    /** The port the SMTP listener is bound to (tests that listen on port 0). */
    public int listenerPort() {
        return listener == null ? -1 : listener.port();
    }

    @Override
    public Session open(Address user) {
        Address bare = user.bare();
        return new Session() {
            @Override
            public Address user() {
                return bare;
            }

            @Override
            public CompletionStage<Delivery> send(Event event) {
                if (event instanceof Message m) {
                    java.util.concurrent.ExecutorService lane = lanes.get(Math.floorMod(bare.hashCode(), lanes.size()));
                    return CompletableFuture.supplyAsync(() -> outgoing.send(m), lane).thenCompose(d -> d);
                }
                // Presence, chat states, receipts: mail has nothing to carry them.
                return CompletableFuture.completedFuture(Delivery.delivered());
            }

            @Override
            public void close() {
            }
        };
    }

    private final class ListenerPolicy implements SmtpListener.Policy {
        @Override
        public Object recipient(String address) throws RejectException {
            Recipients.Resolution r = recipients.resolve(address);
            if (r instanceof Recipients.Refused refused) {
                throw new RejectException(refused.code(), refused.reason());
            }
            return r instanceof Recipients.Verification v ? v : ((Recipients.Local) r).jid();
        }

        @Override
        public void deliver(byte[] raw, String envelopeSender, List<Object> to) throws RejectException {
            List<JidAddress> jids = new ArrayList<>();
            for (Object recipient : to) {
                if (recipient instanceof Recipients.Verification v) {
                    verify(raw, envelopeSender, v);
                } else if (!jids.contains(recipient)) {
                    jids.add((JidAddress) recipient);
                }
            }
            if (jids.isEmpty()) {
                return;
            }
            Delivery d;
            try {
                d = incoming.deliver(raw, envelopeSender, jids).toCompletableFuture().get(60, TimeUnit.SECONDS);
            } catch (IncomingMail.Refusal e) {
                throw new RejectException(e.code, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RejectException(451, "4.3.0 Ferry is stopping, try again later");
            } catch (Exception e) {
                LOG.warn("mail from <{}> not delivered: {}", envelopeSender, e.toString());
                throw new RejectException(451, "4.3.0 could not hand the mail to XMPP now, try again later");
            }
            if (d.isFailed()) {
                throw new RejectException(550, "5.1.1 " + d.detail());
            }
        }
    }

    /**
     * IMAP mode: who a mail in the watched mailbox is for comes from its headers (Delivered-To,
     * X-Original-To, To, Cc), as the envelope stayed with the MTA. Only local recipients count.
     */
    private boolean fromMailbox(byte[] raw, String returnPath) {
        List<JidAddress> jids = new ArrayList<>();
        for (String address : HeaderRecipients.of(raw)) {
            Recipients.Resolution r = recipients.resolve(address);
            if (r instanceof Recipients.Local local && !jids.contains(local.jid())) {
                jids.add(local.jid());
            }
        }
        if (jids.isEmpty()) {
            LOG.warn("a mail in the IMAP mailbox names no recipient of {}; left flagged there", settings.domain());
            return false;
        }
        try {
            Delivery d = incoming.deliver(raw, returnPath, jids).toCompletableFuture().get(60, TimeUnit.SECONDS);
            return !d.isFailed();
        } catch (IncomingMail.Refusal e) {
            LOG.warn("a mail in the IMAP mailbox was refused ({}); left flagged there", e.getMessage());
            return false;
        } catch (Exception e) {
            LOG.warn("a mail in the IMAP mailbox could not be delivered now: {}", e.toString());
            return false;
        }
    }

    /** The answer to a verification mail: from the linked address, written by a person. */
    private void verify(byte[] raw, String envelopeSender, Recipients.Verification v) throws RejectException {
        ParsedMail mail;
        try {
            mail = MailParser.parse(raw, envelopeSender, true);
        } catch (IllegalArgumentException e) {
            throw new RejectException(554, "5.6.0 " + e.getMessage());
        }
        if (mail.automatic().isPresent()) {
            throw new RejectException(550, "5.7.1 an automatic mail (" + mail.automatic().get() + ") does not confirm an address");
        }
        if (!mail.from().map(f -> f.equalsIgnoreCase(v.address())).orElse(false)
                || !envelopeSender.equalsIgnoreCase(v.address())) {
            throw new RejectException(550, "5.7.1 the confirmation must come from " + v.address());
        }
        registration.confirm(v.owner(), v.token());
        inbound.accept(Message.chat(Address.domain(componentDomain), address(v.owner()), "verify-" + v.token(),
                "Your mail address " + v.address() + " is now linked to " + v.owner() + "."));
    }

    // ---- registration (XEP-0077) on the gateway's domain: own address, alias ----

    @Override
    public Registrations registrations() {
        return registrations;
    }

    /** {@code local@domain} or {@code local@domain/resource}. */
    private static Address address(String jid) {
        int slash = jid.indexOf('/');
        String bare = slash < 0 ? jid : jid.substring(0, slash);
        String resource = slash < 0 ? null : jid.substring(slash + 1);
        int at = bare.indexOf('@');
        return at < 0 ? new Address(null, bare, resource) : new Address(bare.substring(0, at), bare.substring(at + 1), resource);
    }

    @Override
    public void close() {
        if (imap != null) {
            imap.close();
        }
        if (listener != null) {
            listener.close();
        }
        lanes.forEach(java.util.concurrent.ExecutorService::shutdown);
        if (outbox != null) {
            outbox.close();
        }
    }
}
