package dev.ferry.spi;

import java.util.concurrent.CompletionStage;

/** One user's presence on a foreign network. */
public interface Session extends AutoCloseable {

    Address user();

    /** Sends an event; the stage completes with what became of it, never with silence. */
    CompletionStage<Delivery> send(Event event);

    @Override
    void close();
}
