package dev.ferry.bridge.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The stop-the-world pauses of this JVM (the load generator's), so a latency row can say how much
 * of its tail the generator itself stalled: latency is measured from the intended send time, so a
 * generator pause counts against whichever gateway's row it lands in.
 *
 * <p>Only pauses are counted: the concurrent collectors report their concurrent cycles on their own
 * beans ("Shenandoah Cycles", "ZGC Cycles"), which stop no thread.
 */
public final class GcPauses {

    /** Pauses since a mark: how many, the longest and their sum, in milliseconds. */
    public record Window(long count, long maxMillis, long totalMillis) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d pauses, longest %d ms, %d ms in all", count, maxMillis, totalMillis);
        }
    }

    private long count;
    private long totalMillis;
    private long maxMillis;

    private GcPauses() {
    }

    /** Listens to every collector of this JVM from now on. */
    public static GcPauses listen() {
        GcPauses pauses = new GcPauses();
        for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (!isPauseBean(bean.getName()) || !(bean instanceof NotificationEmitter emitter)) {
                continue;
            }
            emitter.addNotificationListener((n, handback) -> {
                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                    pauses.add(GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()).getGcInfo().getDuration());
                }
            }, null, null);
        }
        return pauses;
    }

    /** G1's, Parallel's and Serial's beans are all pauses; Shenandoah and ZGC name theirs "Pauses" beside "Cycles". */
    static boolean isPauseBean(String name) {
        return !name.contains("Cycles") && !name.contains("Concurrent");
    }

    private synchronized void add(long millis) {
        count++;
        totalMillis += millis;
        maxMillis = Math.max(maxMillis, millis);
    }

    /** Starts a window: the pauses from now on, read with {@link #since}. */
    public synchronized Window mark() {
        maxMillis = 0;
        return new Window(count, 0, totalMillis);
    }

    /** The pauses since {@code mark} (one window at a time: {@link #mark} resets the longest). */
    public synchronized Window since(Window mark) {
        return new Window(count - mark.count(), maxMillis, totalMillis - mark.totalMillis());
    }
}
