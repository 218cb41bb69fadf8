package dev.ferry.mappings.store;

import java.time.Instant;

/**
 * A stanza waiting for its component link.
 *
 * @param id       insertion order within the store
 * @param link     component domain the stanza goes out on
 * @param payload  serialized stanza
 * @param queuedAt when it was accepted
 * @param attempts delivery attempts so far
 */
public record OutboxEntry(long id, String link, String payload, Instant queuedAt, int attempts) {
}
