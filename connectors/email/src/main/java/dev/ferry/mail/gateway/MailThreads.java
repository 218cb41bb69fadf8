package dev.ferry.mail.gateway;

import dev.ferry.mappings.store.MessageIdRepository;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * XMPP {@code <thread>} ↔ mail threads, through the store's message-id map (network
 * {@code mail}: foreign id = a mail's Message-ID, xmpp id = the XMPP thread). Every mail Ferry
 * sends or receives is paired with its thread, so a reply's In-Reply-To/References finds the
 * thread and an XMPP message in a thread answers the thread's latest mail.
 */
final class MailThreads {

    static final String NETWORK = "mail";
    /** Message-ID of a mail we sent → id of the XMPP message it carried (jid column: the sender's full JID). */
    static final String OUTGOING = "mail-out";

    private final MessageIdRepository ids;
    private final String mailDomain;

    MailThreads(MessageIdRepository ids, String mailDomain) {
        this.ids = ids;
        this.mailDomain = mailDomain;
    }

    /** A new Message-ID of ours; {@link #isOurs} recognises it when it comes back. */
    String newMessageId() {
        return "<ferry." + UUID.randomUUID() + "@" + mailDomain + ">";
    }

    boolean isOurs(String messageId) {
        return messageId.startsWith("<ferry.") && messageId.endsWith("@" + mailDomain + ">");
    }

    static String newThread() {
        return "mail-" + UUID.randomUUID();
    }

    /** The latest mail of {@code thread}, which a new message in it answers. */
    Optional<String> latestMail(String thread) {
        return ids.foreignIdFor(NETWORK, thread);
    }

    /** The thread of the first of {@code parents} we know. */
    Optional<String> threadOf(List<String> parents) {
        for (String id : parents) {
            Optional<String> thread = ids.xmppIdFor(NETWORK, id);
            if (thread.isPresent()) {
                return thread;
            }
        }
        return Optional.empty();
    }

    boolean known(String messageId) {
        return ids.xmppIdFor(NETWORK, messageId).isPresent();
    }

    /** Which XMPP message a mail we sent carried, so a later bounce can name it in an error. */
    void rememberOutgoing(String messageId, String xmppId, String senderFullJid) {
        if (!xmppId.isEmpty()) {
            ids.put(OUTGOING, messageId, xmppId, senderFullJid);
        }
    }

    Optional<String> outgoingXmppId(String messageId) {
        return ids.xmppIdFor(OUTGOING, messageId);
    }

    /**
     * The full JID (with resource) that sent the mail's XMPP message: an error message must go
     * there, since a server drops a message of type error sent to a bare JID (RFC 6121 §8.5.2.1.1).
     */
    Optional<String> outgoingSender(String messageId) {
        return ids.jidFor(OUTGOING, messageId);
    }

    void remember(String messageId, String thread, String jid) {
        ids.put(NETWORK, messageId, thread, jid);
    }
}
