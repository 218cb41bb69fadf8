package dev.ferry.bridge.stream;

/**
 * The head of a stanza the link refused for its size: enough to tell its sender, once the link
 * is back, why it never arrived. Read from the start tag, which is parsed before the limit bites.
 *
 * @param element  {@code message}, {@code presence} or {@code iq}
 * @param from     the sender, or null when the start tag had none
 * @param to       the addressee on our domain
 * @param id       the stanza id, or null
 * @param type     the stanza type attribute, or null
 * @param limit    the size limit in bytes that was exceeded
 */
public record RefusedStanza(String element, String from, String to, String id, String type, int limit) {
}
