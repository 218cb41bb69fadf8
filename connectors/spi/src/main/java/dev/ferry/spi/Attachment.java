package dev.ferry.spi;

import java.net.URI;
import java.util.Optional;

/** A file that travels as a link (XEP-0066 out of band data on the XMPP side). */
public record Attachment(URI url, Optional<String> name, Optional<String> mediaType, long size) {
}
