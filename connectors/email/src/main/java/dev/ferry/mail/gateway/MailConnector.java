package dev.ferry.mail.gateway;

import dev.ferry.mail.smtp.ClientRateLimiter;
import dev.ferry.mail.smtp.QueuedMail;
import dev.ferry.mail.smtp.Smarthost;
import dev.ferry.mail.smtp.SmtpListener;
import dev.ferry.mail.smtp.SmtpOutbox;
import dev.ferry.mappings.address.AddressException;
import dev.ferry.mappings.address.JidAddress;
import dev.ferry.spi.Address;
import dev.ferry.spi.Connector;
import dev.ferry.spi.ConnectorContext;
import dev.ferry.spi.Delivery;
import dev.ferry.spi.Event;
import dev.ferry.spi.EventSink;
import dev.ferry.spi.Message;
import dev.ferry.spi.MessageError;
import dev.ferry.spi.Session;
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
public final class MailConnector implements Connector {

    private static final Logger LOG = LoggerFactory.getLogger(MailConnector.class);

    private MailSettings settings;
    private SmtpOutbox outbox;
    private SmtpListener listener;
    private OutgoingMessages outgoing;
    private IncomingMail incoming;
    private Recipients recipients;

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
        recipients = new Recipients(settings, context.store().identities());
        incoming = new IncomingMail(settings, context.componentDomain(), threads, recipients, inbound, context.uploads());
        outbox = new SmtpOutbox(context.store().outbox(), settings.domain(), new Smarthost(settings), new SmtpOutbox.Listener() {
            @Override
            public void sentLater(QueuedMail mail) {
                LOG.info("deferred mail from {} to {} sent", mail.senderJid(), mail.recipient());
            }

            @Override
            public void failedLater(QueuedMail mail, String reason) {
                // The sender was told "queued" earlier: now they learn it failed, as an error about their message.
                inbound.accept(new MessageError(address(mail.xmppFrom()), address(mail.senderJid()), mail.xmppId(),
                        OutgoingMessages.failure(reason), Optional.of("the mail to " + mail.recipient() + " could not be delivered: " + reason)));
            }
        }, Duration.ofSeconds(settings.retryMaxSeconds()), Duration.ofHours(settings.giveUpHours()));
        outgoing = new OutgoingMessages(settings, threads, recipients, outbox, incoming);
        outbox.start();
        if (settings.listen() != null) {
            listener = new SmtpListener(settings.listen(), settings.domain(), settings.maxSize(),
                    new ClientRateLimiter(settings.ratePerMinute()), new ListenerPolicy());
            listener.start();
            LOG.info("mail for {} taken on {}:{}", settings.domain(), settings.listen().getHostString(), listener.port());
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
                    return outgoing.send(m);
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
            return ((Recipients.Local) r).jid();
        }

        @Override
        public void deliver(byte[] raw, String envelopeSender, List<Object> to) throws RejectException {
            List<JidAddress> jids = to.stream().map(JidAddress.class::cast).distinct().toList();
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

    private static Address address(String bareJid) {
        int at = bareJid.indexOf('@');
        return at < 0 ? Address.domain(bareJid) : Address.of(bareJid.substring(0, at), bareJid.substring(at + 1));
    }

    @Override
    public void close() {
        if (listener != null) {
            listener.close();
        }
        if (outbox != null) {
            outbox.close();
        }
    }
}
