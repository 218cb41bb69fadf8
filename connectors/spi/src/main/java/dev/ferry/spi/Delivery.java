package dev.ferry.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * What became of one event: delivered to the network, queued for later, or refused with a
 * reason the sender is told. There is no fourth outcome: nothing is dropped silently.
 */
public record Delivery(Outcome outcome, Optional<Failure> failure, String detail) {

    public enum Outcome { DELIVERED, QUEUED, FAILED }

    public Delivery {
        Objects.requireNonNull(outcome, "outcome");
        failure = failure == null ? Optional.empty() : failure;
        detail = detail == null ? "" : detail;
        if (outcome == Outcome.FAILED && failure.isEmpty()) {
            throw new IllegalArgumentException("a failed delivery needs a reason");
        }
    }

    public static Delivery delivered() {
        return new Delivery(Outcome.DELIVERED, Optional.empty(), "");
    }

    /** Delivered, with what to tell whoever asked (a command's result). */
    public static Delivery delivered(String detail) {
        return new Delivery(Outcome.DELIVERED, Optional.empty(), detail);
    }

    public static Delivery queued(String detail) {
        return new Delivery(Outcome.QUEUED, Optional.empty(), detail);
    }

    public static Delivery failed(Failure failure, String detail) {
        return new Delivery(Outcome.FAILED, Optional.of(failure), detail);
    }

    public boolean isFailed() {
        return outcome == Outcome.FAILED;
    }
}
