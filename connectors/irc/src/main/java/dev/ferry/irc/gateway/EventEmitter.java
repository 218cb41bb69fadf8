package dev.ferry.irc.gateway;

import dev.ferry.spi.Event;
import dev.ferry.spi.EventSink;
import dev.ferry.spi.SerialLane;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands events from IRC to the bridge in the order IRC produced them. Store work for the
 * connector runs in the same lane, so it keeps its place in that order (history between a user's
 * own presence and the subject). The lane's thread takes what may block (the bridge may touch
 * the store while the XMPP link is down); an event the bridge takes without blocking is passed
 * on from the IRC event loop itself when nothing waits before it, one thread hand-off fewer.
 */
final class EventEmitter {

    private static final Logger LOG = LoggerFactory.getLogger(EventEmitter.class);

    private final EventSink sink;
    private final SerialLane lane;

    EventEmitter(EventSink sink, Executor serial) {
        this.sink = sink;
        this.lane = new SerialLane("IRC connector events", serial);
    }

    void emit(Event event) {
        if (sink.takesWithoutBlocking(event)) {
            lane.runHereIfIdle(() -> deliver(event));
        } else {
            lane.execute(() -> deliver(event));
        }
    }

    /** Runs {@code task} in line with the events, off the event loop; it may call {@link #deliver} to emit in place. */
    void later(Runnable task) {
        lane.execute(task);
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
