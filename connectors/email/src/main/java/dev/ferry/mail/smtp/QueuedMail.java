package dev.ferry.mail.smtp;

import java.nio.charset.StandardCharsets;

/**
 * One composed mail in the outbox: the envelope, who sent it on XMPP (to tell them if it fails
 * later) and the message bytes (US-ASCII; kept as written so a retry sends the same Message-ID).
 *
 * @param senderJid  bare JID of the XMPP sender
 * @param xmppFrom   the address the error comes from ({@code carol%mail.example@mail.gw})
 * @param xmppId     the XMPP message's id
 */
public record QueuedMail(String envelopeFrom, String recipient, String senderJid, String xmppFrom, String xmppId, String raw) {

    private static final String MAGIC = "ferry-mail/1";

    public QueuedMail {
        for (String field : new String[] {envelopeFrom, recipient, senderJid, xmppFrom, xmppId}) {
            if (field == null || field.indexOf('\n') >= 0 || field.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("outbox field missing or with a line break");
            }
        }
    }

    public static QueuedMail of(String envelopeFrom, String recipient, String senderJid, String xmppFrom, String xmppId, byte[] raw) {
        return new QueuedMail(envelopeFrom, recipient, senderJid, xmppFrom, xmppId, new String(raw, StandardCharsets.ISO_8859_1));
    }

    String serialize() {
        return String.join("\n", MAGIC, envelopeFrom, recipient, senderJid, xmppFrom, xmppId, raw);
    }

    static QueuedMail parse(String payload) {
        String[] p = payload.split("\n", 7);
        if (p.length != 7 || !p[0].equals(MAGIC)) {
            throw new IllegalArgumentException("not a queued mail");
        }
        return new QueuedMail(p[1], p[2], p[3], p[4], p[5], p[6]);
    }
}
