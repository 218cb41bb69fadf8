package dev.ferry.irc.gateway;

import dev.ferry.spi.Event;
import dev.ferry.spi.EventSink;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands events from IRC to the bridge off the IRC event loop (the bridge and the archive touch
 * the store), in the order IRC produced them. Store work for the connector runs here too, so it
 * keeps its place in that order (history between a user's own presence and the subject).
 */
final class EventEmitter {

    private static final Logger LOG = LoggerFactory.getLogger(EventEmitter.class);

    private final EventSink sink;
    private final Executor serial;

    EventEmitter(EventSink sink, Executor serial) {
        this.sink = sink;
        this.serial = serial;
    }

    void emit(Event event) {
        try {
            serial.execute(() -> deliver(event));
        } catch (RejectedExecutionException e) {
            // Only after close(): the IRC connections are gone, and so is whoever would read it.
            LOG.info("IRC connector closed; {} to {} arrived too late to pass on", event.getClass().getSimpleName(), event.to());
        }
    }

    /** Runs {@code task} in line with the events; it may call {@link #deliver} to emit in place. */
    void later(Runnable task) {
        try {
            serial.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.warn("IRC connector task failed: {}", e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.info("IRC connector closed; a task that came too late was not run");
        }
    }

    /** Emits now; only from a task given to {@link #later}. */
    void deliver(Event event) {
        sink.accept(event).whenComplete((delivery, error) -> {
            if (error != null) {
                LOG.warn("could not pass an IRC event to XMPP ({} to {}): {}", event.getClass().getSimpleName(), event.to(),
                        error.toString());
            } else if (delivery.isFailed()) {
                LOG.info("XMPP refused an IRC event for {}: {} {}", event.to(), delivery.failure().orElseThrow(), delivery.detail());
            }
        });
    }
}
