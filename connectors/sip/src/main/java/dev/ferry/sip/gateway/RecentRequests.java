package dev.ferry.sip.gateway;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Requests seen in the last {@code window} nanoseconds, by key, with a value each (the answer the
 * first copy got). Entries expire lazily, oldest first, whenever one is added: a timer task per
 * request would keep tens of thousands of tasks queued at a few thousand MESSAGEs a second.
 * Bounded by {@code maxEntries} too, so a flood of distinct requests cannot grow it without limit;
 * past that the oldest is forgotten first, which only weakens duplicate detection for it.
 */
final class RecentRequests<V> {

    private record Entry<V>(String key, V value, long seenAt) {
    }

    private final long windowNanos;
    private final int maxEntries;
    private final LongSupplier clock;
    private final Map<String, Entry<V>> byKey = new HashMap<>();
    private final ArrayDeque<Entry<V>> inOrder = new ArrayDeque<>();

    RecentRequests(long windowNanos, int maxEntries, LongSupplier clock) {
        this.windowNanos = windowNanos;
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    /** The value of an earlier copy of {@code key} still in the window; else records {@code value} and returns null. */
    synchronized V putIfAbsent(String key, V value) {
        long now = clock.getAsLong();
        expire(now);
        Entry<V> earlier = byKey.get(key);
        if (earlier != null) {
            return earlier.value();
        }
        if (byKey.size() >= maxEntries) {
            forget(inOrder.pollFirst());
        }
        Entry<V> entry = new Entry<>(key, value, now);
        byKey.put(key, entry);
        inOrder.addLast(entry);
        return null;
    }

    synchronized int size() {
        expire(clock.getAsLong());
        return byKey.size();
    }

    private void expire(long now) {
        while (!inOrder.isEmpty() && now - inOrder.peekFirst().seenAt() >= windowNanos) {
            forget(inOrder.pollFirst());
        }
    }

    private void forget(Entry<V> entry) {
        byKey.remove(entry.key(), entry);
    }
}
