package dev.ferry.irc.protocol;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * IRCv3 batches on one connection: {@code BATCH +ref type params…} opens one, lines tagged
 * {@code batch=ref} belong to it, {@code BATCH -ref} closes it. Batches of the types asked for
 * (a {@code chathistory} replay) are kept whole and handed over when they close, so their lines
 * are never taken for live ones; every other batch's lines pass on as usual. Pure and per
 * connection (references are the server's, valid on that connection only).
 *
 * <p>A server decides how much it sends, so what is kept is bounded: at most {@link #MAX_OPEN}
 * collected batches at once and {@link #MAX_LINES} lines in each; lines past that are counted
 * in {@link Batch#dropped()}, not kept.
 */
public final class IrcBatches {

    static final int MAX_OPEN = 16;
    static final int MAX_LINES = 1000;

    /**
     * A closed batch of a collected type.
     *
     * @param type    the batch type, as the server spelled it
     * @param params  the parameters after the type (for chathistory: the channel or nick)
     * @param lines   its lines, in the order received
     * @param dropped lines past {@link #MAX_LINES}, not kept
     */
    public record Batch(String type, List<String> params, List<IrcMessage> lines, int dropped) {
    }

    private final Set<String> collected;
    /** Open batches of the collected types, by reference. */
    private final Map<String, Open> open = new HashMap<>(2);

    private static final class Open {
        final String type;
        final List<String> params;
        final List<IrcMessage> lines = new ArrayList<>();
        int dropped;

        Open(String type, List<String> params) {
            this.type = type;
            this.params = params;
        }
    }

    /** @param collectedTypes batch types kept whole, compared without regard to case */
    public IrcBatches(Set<String> collectedTypes) {
        this.collected = Set.copyOf(collectedTypes.stream().map(IrcBatches::lower).toList());
    }

    /**
     * Takes {@code m} if it is the collector's: a {@code BATCH} line (of any type; ending a
     * collected one hands it to {@code closed}) or a line of a collected batch. Returns false for
     * every other line, which the caller handles as usual.
     */
    public boolean take(IrcMessage m, Consumer<Batch> closed) {
        if ("BATCH".equals(m.command())) {
            String ref = m.param(0).orElse("");
            if (ref.startsWith("+") && m.params().size() >= 2) {
                String type = m.params().get(1);
                if (collected.contains(lower(type)) && open.size() < MAX_OPEN) {
                    open.put(ref.substring(1), new Open(type, List.copyOf(m.params().subList(2, m.params().size()))));
                }
            } else if (ref.startsWith("-")) {
                Open done = open.remove(ref.substring(1));
                if (done != null) {
                    closed.accept(new Batch(done.type, done.params, List.copyOf(done.lines), done.dropped));
                }
            }
            return true;
        }
        String ref = m.tags().get("batch");
        Open batch = ref == null ? null : open.get(ref);
        if (batch == null) {
            return false;
        }
        if (batch.lines.size() < MAX_LINES) {
            batch.lines.add(m);
        } else {
            batch.dropped++;
        }
        return true;
    }

    /** The connection ended: its references mean nothing on the next one. */
    public void clear() {
        open.clear();
    }

    /** Batch types are ASCII words; the locale must not change how they compare. */
    private static String lower(String type) {
        return type.toLowerCase(Locale.ROOT);
    }
}
