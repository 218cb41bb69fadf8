package dev.ferry.spi;

import java.net.URI;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Where a connector puts a file it received (a mail attachment) so an XMPP user can fetch it:
 * the XMPP server's XEP-0363 upload service, reached by the bridge. The URL it completes with goes
 * into an {@link Attachment}. When the server has no upload service, {@link #available()} is false
 * and the connector names the file in the message instead: never dropped silently.
 */
public interface FileUploads {

    /** No upload service: every upload fails, and {@link #available()} says so up front. */
    FileUploads NONE = new FileUploads() {
        @Override
        public boolean available() {
            return false;
        }

        @Override
        public CompletionStage<URI> upload(String fileName, Optional<String> mediaType, byte[] content) {
            return CompletableFuture.failedFuture(new IllegalStateException("the XMPP server offers no file upload service"));
        }
    };

    boolean available();

    /** Uploads {@code content}; completes with the URL an XMPP client downloads it from. */
    CompletionStage<URI> upload(String fileName, Optional<String> mediaType, byte[] content);
}
