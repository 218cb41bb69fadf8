package dev.ferry.irc.client;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One instance per distinct value for what every connection to a server learns alike (its
 * ISUPPORT tokens, the capabilities it grants, its name): a thousand puppets on one network then share one
 * copy instead of holding a thousand equal ones, which was half of a puppet's heap.
 * Bounded: past {@link #LIMIT} distinct values (servers that vary per connection) a value is kept as is.
 */
public final class SharedValues {

    static final int LIMIT = 256;
    private static final Map<Object, Object> VALUES = new ConcurrentHashMap<>();

    private SharedValues() {
    }

    /** An equal value seen before, or {@code value} itself; the value must be immutable. */
    @SuppressWarnings("unchecked")
    public static <T> T canonical(T value) {
        Object known = VALUES.get(value);
        if (known != null) {
            return (T) known;
        }
        if (VALUES.size() >= LIMIT) {
            return value;
        }
        Object raced = VALUES.putIfAbsent(value, value);
        return raced == null ? value : (T) raced;
    }
}
