package dev.ferry.bridge.service;

import java.util.List;
import java.util.Optional;
import org.jivesoftware.smackx.rsm.packet.RSMSet;

/**
 * One page of a list as XEP-0059 (result set management) asks for it: {@code max} items after
 * an item, before one (an empty {@code <before/>} is the last page), or from an index. The
 * answer's {@code <set/>} names the first and last item of the page and the size of the whole.
 *
 * @param items    the page
 * @param response the {@code <set/>} to send with it
 */
public record ResultSetPage<T>(List<T> items, RSMSet response) {

    /** Thrown when {@code after} or {@code before} names an item the list does not hold (XEP-0059 §2.6: item-not-found). */
    public static final class UnknownItemException extends Exception {
        UnknownItemException(String key) {
            super("no item '" + key + "' in this result set; start again without <after/> or <before/>");
        }
    }

    /**
     * @param all          the whole list, in its stable order
     * @param keys         each item's key (the UID a client sends back in after/before), same order
     * @param request      the client's {@code <set/>}, absent when it asked for no paging
     * @param defaultMax   the page size when the client gives none
     */
    public static <T> ResultSetPage<T> of(List<T> all, List<String> keys, Optional<RSMSet> request, int defaultMax)
            throws UnknownItemException {
        int max = request.map(RSMSet::getMax).filter(m -> m >= 0).orElse(defaultMax);
        max = Math.min(max, defaultMax);
        int from;
        int to;
        RSMSet r = request.orElse(null);
        if (r != null && r.getBefore() != null) {
            to = r.getBefore().isEmpty() ? all.size() : indexOf(keys, r.getBefore());
            from = Math.max(0, to - max);
        } else if (r != null && r.getAfter() != null) {
            from = indexOf(keys, r.getAfter()) + 1;
            to = Math.min(all.size(), from + max);
        } else {
            from = r != null && r.getIndex() >= 0 ? Math.min(r.getIndex(), all.size()) : 0;
            to = Math.min(all.size(), from + max);
        }
        List<T> page = all.subList(from, to);
        RSMSet response = page.isEmpty()
                ? new RSMSet(null, null, all.size(), -1, null, -1, null, -1)
                : new RSMSet(null, null, all.size(), -1, keys.get(to - 1), -1, keys.get(from), from);
        return new ResultSetPage<>(List.copyOf(page), response);
    }

    private static int indexOf(List<String> keys, String key) throws UnknownItemException {
        int i = keys.indexOf(key);
        if (i < 0) {
            throw new UnknownItemException(key);
        }
        return i;
    }
}
