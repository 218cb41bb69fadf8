package dev.ferry.mail.protocol;

import java.util.List;
import java.util.Optional;

/**
 * What Ferry reads from one incoming mail.
 *
 * @param from          the author ({@code From}), plain {@code local@domain}; empty when missing or unreadable
 * @param fromName      the author's display name, decoded
 * @param subject       decoded subject, single line
 * @param text          the readable text: text/plain preferred, else text/html made plain
 * @param messageId     {@code Message-ID} with angle brackets, empty when missing
 * @param inReplyTo     {@code In-Reply-To} ids
 * @param references    {@code References} ids, oldest first
 * @param automatic     why the mail was sent by a machine (Auto-Submitted, Precedence, List-Id), empty for a person
 * @param authenticationResults every {@code Authentication-Results} header, unfolded
 * @param attachments   files, decoded
 * @param notes         what could not be read cleanly (an unknown charset), said to the reader
 * @param report        when the mail is a bounce (multipart/report; report-type=delivery-status): what failed
 */
public record ParsedMail(Optional<String> from, String fromName, String subject, String text, Optional<String> messageId,
                         List<String> inReplyTo, List<String> references, Optional<String> automatic,
                         List<String> authenticationResults, List<MailAttachment> attachments, List<String> notes,
                         Optional<DeliveryReport> report) {

    /** A file carried by a mail. */
    public record MailAttachment(String name, String mediaType, byte[] content) {
    }

    /** Every id this mail replies to, most recent first: In-Reply-To, then References newest first. */
    public List<String> parentIds() {
        List<String> out = new java.util.ArrayList<>(inReplyTo);
        for (int i = references.size() - 1; i >= 0; i--) {
            if (!out.contains(references.get(i))) {
                out.add(references.get(i));
            }
        }
        return out;
    }
}
