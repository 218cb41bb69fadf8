package dev.ferry.mail.protocol;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Properties;

/**
 * Writes an {@link OutgoingMail} as an RFC 5322 message: UTF-8 text in quoted-printable (7-bit
 * safe through any relay), RFC 2047 encoded subject and display name, {@code Date},
 * {@code MIME-Version}, our {@code Message-ID} and the thread's {@code In-Reply-To}/{@code References}.
 * Pure: no socket, no store. Every header value passes {@link HeaderText#singleLine} first.
 */
public final class MailComposer {

    private static final Session SESSION = Session.getInstance(new Properties());

    private MailComposer() {
    }

    /** The message as bytes, ready for DATA (US-ASCII only). */
    public static byte[] compose(OutgoingMail mail) {
        try {
            MimeMessage m = new FixedIdMessage(HeaderText.singleLine(mail.messageId()));
            m.setFrom(address(mail.from(), mail.fromName()));
            m.setRecipient(jakarta.mail.Message.RecipientType.TO, address(mail.to(), ""));
            mail.replyTo().ifPresent(r -> set(m, "Reply-To", HeaderText.singleLine(r)));
            m.setSubject(HeaderText.singleLine(mail.subject()), "UTF-8");
            m.setSentDate(Date.from(mail.date()));
            mail.inReplyTo().ifPresent(id -> set(m, "In-Reply-To", HeaderText.singleLine(id)));
            if (!mail.references().isEmpty()) {
                set(m, "References", HeaderText.singleLine(String.join(" ", mail.references())));
            }
            mail.autoSubmitted().ifPresent(a -> set(m, "Auto-Submitted", HeaderText.singleLine(a)));
            m.setText(normaliseLineBreaks(mail.body()), "UTF-8");
            m.setHeader("Content-Transfer-Encoding", "quoted-printable");
            m.saveChanges();
            ByteArrayOutputStream out = new ByteArrayOutputStream(512 + mail.body().length() * 2);
            m.writeTo(out);
            return out.toByteArray();
        } catch (MessagingException | IOException e) {
            throw new IllegalArgumentException("cannot compose a mail from " + mail.from() + " to " + mail.to() + ": " + e.getMessage(), e);
        }
    }

    public static String composeText(OutgoingMail mail) {
        return new String(compose(mail), StandardCharsets.US_ASCII);
    }

    private static InternetAddress address(String address, String name) throws UnsupportedEncodingException {
        String personal = HeaderText.singleLine(name);
        return personal.isEmpty() ? new InternetAddress(address, null, "UTF-8") : new InternetAddress(address, personal, "UTF-8");
    }

    private static void set(MimeMessage m, String name, String value) {
        try {
            m.setHeader(name, value);
        } catch (MessagingException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
    }

    /** Mail wants CRLF; a lone CR or LF from XMPP becomes one line break, never a header. */
    private static String normaliseLineBreaks(String body) {
        return body.replace("\r\n", "\n").replace('\r', '\n').replace("\n", "\r\n");
    }

    /** Keeps the Message-ID we stored: Jakarta Mail would otherwise make its own at saveChanges. */
    private static final class FixedIdMessage extends MimeMessage {
        private final String messageId;

        FixedIdMessage(String messageId) {
            super(SESSION);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
