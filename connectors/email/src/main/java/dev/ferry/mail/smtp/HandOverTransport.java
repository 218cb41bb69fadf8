package dev.ferry.mail.smtp;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import java.io.IOException;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * Angus Mail's SMTP transport, remembering whether the current mail reached the end of its data
 * (the final dot). A connection lost after that point leaves the mail's fate unknown: the server
 * may have taken it and died before its 250 came back (RFC 5321 §6.1 accepts duplicates then;
 * Ferry would rather tell the sender than send it twice).
 */
final class HandOverTransport extends SMTPTransport {

    private boolean handedOver;

    HandOverTransport(Session session, boolean implicitTls) {
        super(session, new URLName(implicitTls ? "smtps" : "smtp", null, -1, null, null, null), implicitTls ? "smtps" : "smtp",
                implicitTls);
    }

    /** Before each mail. */
    void startMail() {
        handedOver = false;
    }

    /** The whole mail was written and the final dot was (being) sent. */
    boolean handedOver() {
        return handedOver;
    }

    @Override
    protected void finishData() throws IOException, MessagingException {
        // Set before: the dot may reach the server even if writing it fails here.
        handedOver = true;
        super.finishData();
    }
}
