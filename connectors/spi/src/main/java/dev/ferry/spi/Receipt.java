package dev.ferry.spi;

/** The message {@code messageId} that {@code to} sent reached {@code from}. */
public record Receipt(Address from, Address to, String messageId) implements Event {
}
