package dev.ferry.bridge.xmpp;

import dev.ferry.spi.FileUploads;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.provider.ProviderManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jivesoftware.smackx.disco.packet.DiscoverItems;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The XMPP server's XEP-0363 upload service, used by a component for files its network sends
 * (mail attachments): found by disco#items on the server's domain (the item whose disco#info has
 * {@code urn:xmpp:http:upload:0}), a slot requested from the component's domain, the file PUT
 * with {@link HttpClient}. A server without the service is looked for again after five minutes.
 */
public final class HttpUploadClient implements FileUploads {

    private static final Logger LOG = LoggerFactory.getLogger(HttpUploadClient.class);
    private static final long IQ_TIMEOUT_MS = 10_000;
    private static final Duration RETRY_DISCOVERY = Duration.ofMinutes(5);

    static {
        ProviderManager.addIQProvider(HttpUploadSlot.ELEMENT, HttpUploadSlot.NAMESPACE, new HttpUploadSlot.Provider());
    }

    private final ComponentGateway gateway;
    private final String componentDomain;
    private final String serverDomain;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private volatile Optional<Jid> service = Optional.empty();
    private volatile Instant lookedAt = Instant.MIN;

    /** @param serverDomain the XMPP server's domain, whose items are searched for the upload service */
    public HttpUploadClient(ComponentGateway gateway, String componentDomain, String serverDomain) {
        this.gateway = gateway;
        this.componentDomain = componentDomain;
        this.serverDomain = serverDomain;
    }

    /** {@code mail.example.org} is served by {@code example.org}. */
    public static String serverDomainOf(String componentDomain) {
        int dot = componentDomain.indexOf('.');
        return dot < 0 ? componentDomain : componentDomain.substring(dot + 1);
    }

    @Override
    public boolean available() {
        return service().isPresent();
    }

    @Override
    public CompletionStage<URI> upload(String fileName, Optional<String> mediaType, byte[] content) {
        Optional<Jid> target = service();
        if (target.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalStateException("the XMPP server " + serverDomain + " offers no file upload service"));
        }
        HttpUploadRequest request = new HttpUploadRequest(fileName, content.length, mediaType.orElse("application/octet-stream"));
        request.setTo(target.get());
        request.setFrom(JidCreate.fromOrThrowUnchecked(componentDomain));
        return gateway.request(request, IQ_TIMEOUT_MS).thenCompose(reply -> {
            if (!(reply instanceof HttpUploadSlot slot)) {
                String why = reply.getType() == IQ.Type.error && reply.getError() != null
                        ? reply.getError().getCondition() + (reply.getError().getDescriptiveText() == null ? "" : ": " + reply.getError().getDescriptiveText())
                        : "unexpected answer " + reply.getClass().getSimpleName();
                return CompletableFuture.failedFuture(new IllegalStateException("upload slot refused by " + target.get() + ": " + why));
            }
            HttpRequest.Builder put = HttpRequest.newBuilder(slot.putUrl()).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", mediaType.orElse("application/octet-stream"))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(content));
            slot.headers().forEach(put::header);
            return http.sendAsync(put.build(), HttpResponse.BodyHandlers.discarding()).thenCompose(response -> {
                if (response.statusCode() / 100 != 2) {
                    return CompletableFuture.failedFuture(new IllegalStateException(
                            "upload of " + fileName + " answered HTTP " + response.statusCode()));
                }
                return CompletableFuture.completedFuture(slot.getUrl());
            });
        });
    }

    private Optional<Jid> service() {
        if (service.isPresent() || Duration.between(lookedAt, Instant.now()).compareTo(RETRY_DISCOVERY) < 0) {
            return service;
        }
        lookedAt = Instant.now();
        try {
            service = discover().get(2 * IQ_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            service.ifPresentOrElse(s -> LOG.info("file uploads of {} go to {}", componentDomain, s),
                    () -> LOG.info("the XMPP server {} has no file upload service; files are named in messages instead", serverDomain));
        } catch (Exception e) {
            LOG.warn("looking for the file upload service of {} failed: {}", serverDomain, e.toString());
        }
        return service;
    }

    private CompletableFuture<Optional<Jid>> discover() {
        DiscoverItems items = new DiscoverItems();
        items.setType(IQ.Type.get);
        items.setTo(JidCreate.fromOrThrowUnchecked(serverDomain));
        items.setFrom(JidCreate.fromOrThrowUnchecked(componentDomain));
        return gateway.request(items, IQ_TIMEOUT_MS).thenCompose(reply -> {
            if (!(reply instanceof DiscoverItems found)) {
                return CompletableFuture.completedFuture(Optional.<Jid>empty());
            }
            CompletableFuture<Optional<Jid>> result = CompletableFuture.completedFuture(Optional.empty());
            for (DiscoverItems.Item item : found.getItems()) {
                result = result.thenCompose(f -> f.isPresent() ? CompletableFuture.completedFuture(f) : offersUpload(item.getEntityID()));
            }
            return result;
        });
    }

    private CompletableFuture<Optional<Jid>> offersUpload(Jid entity) {
        DiscoverInfo info = DiscoverInfo.builder("ferry-disco-" + System.nanoTime()).ofType(IQ.Type.get)
                .to(entity).from(JidCreate.fromOrThrowUnchecked(componentDomain)).build();
        return gateway.request(info, IQ_TIMEOUT_MS).handle((reply, error) -> reply instanceof DiscoverInfo d
                && d.containsFeature(HttpUploadRequest.NAMESPACE) ? Optional.of(entity) : Optional.<Jid>empty());
    }
}
