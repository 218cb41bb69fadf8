package dev.ferry.bridge.runtime;

import java.util.Map;
import java.util.TreeMap;

/** Links up or down, store reachable, outbox depth: what {@code /health} says. */
public record HealthReport(Map<String, Boolean> links, boolean storeUp, long outboxDepth) {

    public boolean healthy() {
        return storeUp && links.values().stream().allMatch(Boolean::booleanValue);
    }

    public String toJson() {
        StringBuilder s = new StringBuilder("{\"status\":\"").append(healthy() ? "UP" : "DOWN").append("\",\"links\":{");
        String sep = "";
        for (Map.Entry<String, Boolean> e : new TreeMap<>(links).entrySet()) {
            s.append(sep).append('"').append(e.getKey()).append("\":\"").append(e.getValue() ? "up" : "down").append('"');
            sep = ",";
        }
        return s.append("},\"store\":\"").append(storeUp ? "up" : "down").append("\",\"outboxDepth\":")
                .append(outboxDepth).append('}').toString();
    }
}
