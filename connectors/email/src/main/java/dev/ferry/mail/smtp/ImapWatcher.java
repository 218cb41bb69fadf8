package dev.ferry.mail.smtp;

import dev.ferry.mail.gateway.MailSettings;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.search.FlagTerm;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Properties;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * IMAP mode: watches one mailbox (Angus Mail's IMAP store, used directly for IDLE, which
 * camel-mail's polling consumer does not do) and hands each unseen mail to a {@link Handler}.
 * A handled mail is marked seen; one the handler refuses is flagged and left in the mailbox
 * for a person, never deleted. Waits with IDLE; a server without IDLE is polled. Connection
 * failures are retried with backoff (1 s doubling to 60 s, with jitter).
 */
public final class ImapWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ImapWatcher.class);

    /** Takes one mail; false (or an exception) leaves it flagged in the mailbox. */
    public interface Handler {
        boolean handle(byte[] raw, String returnPath);
    }

    private final MailSettings.Imap settings;
    private final Handler handler;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Folder folder;
    private boolean pollingSaid;

    public ImapWatcher(MailSettings.Imap settings, Handler handler) {
        this.settings = settings;
        this.handler = handler;
        this.thread = new Thread(this::run, "ferry-mail-imap");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void run() {
        dev.ferry.spi.Backoff backoff = dev.ferry.spi.Backoff.standard();
        while (running) {
            try (Store store = session().getStore(settings.tls() == MailSettings.TlsMode.IMPLICIT ? "imaps" : "imap")) {
                store.connect(settings.host(), settings.port(), settings.user(), settings.password());
                Folder f = store.getFolder(settings.folder());
                f.open(Folder.READ_WRITE);
                folder = f;
                LOG.info("watching {}", settings);
                backoff.reset();
                while (running) {
                    processUnseen(f);
                    waitForMail(f);
                }
            } catch (MessagingException | RuntimeException e) {
                if (!running) {
                    return;
                }
                long delay = backoff.next().toMillis();
                LOG.warn("IMAP {}: {}; trying again in {} ms", settings, e.getMessage(), delay);
                sleep(delay);
            }
        }
    }

    private void waitForMail(Folder f) throws MessagingException {
        if (f instanceof IMAPFolder imap) {
            try {
                imap.idle(true);
                return;
            } catch (MessagingException e) {
                if (!String.valueOf(e.getMessage()).toUpperCase().contains("IDLE")) {
                    throw e;
                }
                // The server has no IDLE: fall through to polling.
                if (!pollingSaid) {
                    LOG.info("IMAP server {} has no IDLE; polling every {} s", settings.host(), settings.pollSeconds());
                    pollingSaid = true;
                }
            }
        }
        sleep(settings.pollSeconds() * 1000L);
        f.getMessageCount(); // a NOOP, so the server tells us about new mail
    }

    private void processUnseen(Folder f) throws MessagingException {
        for (jakarta.mail.Message m : f.search(new FlagTerm(new Flags(Flags.Flag.SEEN), false))) {
            if (m.isSet(Flags.Flag.FLAGGED) || m.isSet(Flags.Flag.DELETED)) {
                continue;
            }
            boolean taken;
            try {
                ByteArrayOutputStream raw = new ByteArrayOutputStream();
                m.writeTo(raw);
                String[] returnPath = m.getHeader("Return-Path");
                taken = handler.handle(raw.toByteArray(), returnPath == null ? null
                        : returnPath[0].replaceAll("[<>\\s]", ""));
            } catch (IOException | RuntimeException e) {
                LOG.warn("IMAP mail {} not taken: {}", m.getMessageNumber(), e.toString());
                taken = false;
            }
            // Seen when delivered; flagged (for a person to look at) when not: never deleted by us.
            m.setFlag(taken ? Flags.Flag.SEEN : Flags.Flag.FLAGGED, true);
        }
    }

    private Session session() {
        Properties p = new Properties();
        String proto = settings.tls() == MailSettings.TlsMode.IMPLICIT ? "imaps" : "imap";
        p.setProperty("mail." + proto + ".connectiontimeout", "10000");
        p.setProperty("mail." + proto + ".timeout", "0");
        // BODY.PEEK: reading a mail must not mark it seen; only a delivered one is.
        p.setProperty("mail." + proto + ".peek", "true");
        if (settings.tls() == MailSettings.TlsMode.STARTTLS) {
            p.setProperty("mail.imap.starttls.enable", "true");
            p.setProperty("mail.imap.starttls.required", "true");
        }
        if (settings.tls() != MailSettings.TlsMode.NONE) {
            p.setProperty("mail." + proto + ".ssl.checkserveridentity", "true");
        }
        return Session.getInstance(p);
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        Folder f = folder;
        if (f != null) {
            try {
                f.close(false); // ends a pending IDLE
            } catch (MessagingException | IllegalStateException e) {
                // already closed
            }
        }
        thread.interrupt();
        try {
            thread.join(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
