package dev.ferry.mail.protocol;

import java.util.Locale;
import java.util.Optional;

/**
 * Whether a mail was sent by a machine, so nothing automatic (error, bounce, notice) is ever sent
 * back to it: RFC 3834 {@code Auto-Submitted} other than "no", {@code Precedence: bulk/list/junk},
 * {@code List-Id} (RFC 2919), or a null envelope sender (a bounce, RFC 5321 §4.5.5).
 */
public final class AutomaticMail {

    private AutomaticMail() {
    }

    public static Optional<String> reason(String autoSubmitted, String precedence, String listId, String envelopeSender) {
        if (autoSubmitted != null && !autoSubmitted.isBlank() && !autoSubmitted.trim().toLowerCase(Locale.ROOT).startsWith("no")) {
            return Optional.of("Auto-Submitted: " + HeaderText.singleLine(autoSubmitted));
        }
        if (precedence != null) {
            String p = precedence.trim().toLowerCase(Locale.ROOT);
            if (p.equals("bulk") || p.equals("list") || p.equals("junk")) {
                return Optional.of("Precedence: " + p);
            }
        }
        if (listId != null && !listId.isBlank()) {
            return Optional.of("List-Id: " + HeaderText.singleLine(listId));
        }
        if (envelopeSender != null && (envelopeSender.isEmpty() || envelopeSender.equals("<>"))) {
            return Optional.of("null sender (a bounce)");
        }
        return Optional.empty();
    }
}
