package dev.ferry.mappings.store;

import java.time.Instant;

/** One archived room message. {@code room} is the room's address local part on the gateway. */
public record ArchivedMessage(long id, String owner, String network, String room, String nick, String body,
                              String messageId, Instant sentAt) {
}
