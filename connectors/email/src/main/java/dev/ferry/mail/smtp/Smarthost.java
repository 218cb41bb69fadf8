package dev.ferry.mail.smtp;

import dev.ferry.mail.gateway.MailSettings;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import java.io.ByteArrayInputStream;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPMessage;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one SMTP connection to the smarthost (Angus Mail's transport, used directly rather than
 * through camel-mail's producer: the outbox needs each reply code to tell "try again" from
 * "refused", and one connection kept open for many mails). Not thread-safe: the outbox's single
 * sender thread owns it.
 */
public final class Smarthost implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Smarthost.class);

    private final MailSettings settings;
    private final Session session;
    private HandOverTransport transport;
    private long lastUse;

    public Smarthost(MailSettings settings) {
        this.settings = settings;
        this.session = Session.getInstance(properties(settings));
    }

    static Properties properties(MailSettings s) {
        Properties p = new Properties();
        String proto = s.smarthostTls() == MailSettings.TlsMode.IMPLICIT ? "smtps" : "smtp";
        p.setProperty("mail.transport.protocol", proto);
        p.setProperty("mail." + proto + ".host", s.smarthost().getHostString());
        p.setProperty("mail." + proto + ".port", Integer.toString(s.smarthost().getPort()));
        p.setProperty("mail." + proto + ".connectiontimeout", "10000");
        p.setProperty("mail." + proto + ".timeout", "30000");
        p.setProperty("mail." + proto + ".writetimeout", "30000");
        p.setProperty("mail." + proto + ".localhost", s.domain());
        p.setProperty("mail." + proto + ".auth", Boolean.toString(s.auth().isPresent()));
        if (s.smarthostTls() == MailSettings.TlsMode.STARTTLS) {
            p.setProperty("mail.smtp.starttls.enable", "true");
            p.setProperty("mail.smtp.starttls.required", "true");
        }
        if (s.smarthostTls() != MailSettings.TlsMode.NONE) {
            // Verify the certificate chain (JDK trust store) and that it names the smarthost.
            p.setProperty("mail." + proto + ".ssl.checkserveridentity", "true");
        }
        return p;
    }

    /** Sends one composed mail with the given envelope. */
    public SendResult send(String envelopeFrom, String recipient, byte[] raw) {
        try {
            connect();
            SMTPMessage m = new SMTPMessage(session, new ByteArrayInputStream(raw));
            m.setEnvelopeFrom(envelopeFrom);
            transport.startMail();
            transport.sendMessage(m, new Address[] {new InternetAddress(recipient)});
            return SendResult.sent();
        } catch (SMTPSendFailedException e) {
            if (e.getReturnCode() < 200 && handedOver()) {
                // Angus reports a connection lost while reading the reply as code -1 ("[EOF]").
                return unknownFate(e);
            }
            return classify(e.getReturnCode(), e.getMessage(), e);
        } catch (SendFailedException e) {
            for (Exception next = e.getNextException(); next != null;
                 next = next instanceof MessagingException me ? me.getNextException() : null) {
                if (next instanceof SMTPAddressFailedException af) {
                    return classify(af.getReturnCode(), af.getMessage(), e);
                }
            }
            return classify(0, e.getMessage(), e);
        } catch (MessagingException e) {
            if (handedOver()) {
                return unknownFate(e);
            }
            // No connection, TLS or AUTH problem, a timeout: the smarthost may be back later.
            return unavailable(e);
        }
    }

    private SendResult unavailable(MessagingException e) {
        closeQuietly();
        String why = e.getMessage() + (e.getCause() != null ? " (" + e.getCause().getMessage() + ")" : "");
        LOG.debug("smarthost {} unavailable: {}", settings.smarthost(), why);
        return SendResult.temporary("smarthost " + settings.smarthost().getHostString() + ":" + settings.smarthost().getPort()
                + " unavailable: " + why);
    }

    private boolean handedOver() {
        return transport != null && transport.handedOver();
    }

    /** The smarthost had the whole mail and never answered: it may have delivered it. */
    private SendResult unknownFate(MessagingException e) {
        closeQuietly();
        LOG.info("smarthost {} lost the connection after taking a whole mail: {}", settings.smarthost(), e.getMessage());
        return SendResult.unknown("the connection to the mail server " + settings.smarthost().getHostString() + ":"
                + settings.smarthost().getPort() + " was lost after it had the whole mail and before it answered,"
                + " so the mail may not have arrived (it is not sent again, which could deliver it twice)");
    }

    private SendResult classify(int code, String message, MessagingException e) {
        String reply = message == null ? "" : message.trim();
        if (code >= 500 && code < 600) {
            return SendResult.permanent(reply);
        }
        if (code <= 0) {
            // No reply at all (Angus: -1 "[EOF]" when the connection was lost): as if unreachable.
            return unavailable(e);
        }
        return SendResult.temporary(reply.isEmpty() ? String.valueOf(e) : reply);
    }

    private void connect() throws MessagingException {
        // isConnected() costs a NOOP round trip: ask only after a pause, when the server may have hung up.
        long now = System.nanoTime();
        if (transport != null && (now - lastUse < 20_000_000_000L || transport.isConnected())) {
            lastUse = now;
            return;
        }
        lastUse = now;
        closeQuietly();
        transport = new HandOverTransport(session, settings.smarthostTls() == MailSettings.TlsMode.IMPLICIT);
        if (settings.auth().isPresent()) {
            transport.connect(settings.smarthostUser(), settings.smarthostPassword());
        } else {
            transport.connect();
        }
    }

    private void closeQuietly() {
        if (transport != null) {
            try {
                transport.close();
            } catch (MessagingException e) {
                // closing a broken connection: nothing to tell
            }
            transport = null;
        }
    }

    @Override
    public void close() {
        closeQuietly();
    }
}
