package dev.ferry.bridge.e2e.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ledger of one fault run: numbered messages sent, delivered (each copy counted) and
 * answered with an error. A fault run passes only when every number sent was delivered exactly
 * once or its sender got an error; the counts are printed and written to
 * {@code target/fault-counts/<fault>.json} so the closing report can quote them.
 */
public final class MessageTally {

    private static final Pattern NUMBER = Pattern.compile("#(\\d+)\\b");

    private final String fault;
    private final AtomicInteger sent = new AtomicInteger();
    private final Map<Integer, AtomicInteger> delivered = new ConcurrentHashMap<>();
    private final Map<Integer, String> errored = new ConcurrentHashMap<>();

    public MessageTally(String fault) {
        this.fault = fault;
    }

    /** The body for message {@code n}; the number is what {@link #delivered(String)} reads back. */
    public static String body(String fault, int n) {
        return fault + " #" + n;
    }

    /** Records that message number {@code n} was handed to the sender's side; returns its body. */
    public String send(int n) {
        sent.incrementAndGet();
        return body(fault, n);
    }

    /** Records one copy of a body arriving at the receiver; bodies without a number are ignored. */
    public void delivered(String body) {
        Integer n = numberIn(body);
        if (n != null) {
            delivered.computeIfAbsent(n, k -> new AtomicInteger()).incrementAndGet();
        }
    }

    /** Records that the sender was told message {@code n} failed, with the error it got. */
    public void errored(int n, String error) {
        errored.put(n, error);
    }

    /** Records an error whose text or echoed body carries the message number. */
    public void erroredFrom(String bodyOrText, String error) {
        Integer n = numberIn(bodyOrText);
        if (n != null) {
            errored(n, error);
        }
    }

    public static Integer numberIn(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = NUMBER.matcher(text);
        return m.find() ? Integer.valueOf(m.group(1)) : null;
    }

    public int sentCount() {
        return sent.get();
    }

    /** Numbers accounted for: delivered at least once or errored. */
    public int settledCount() {
        TreeSet<Integer> settled = new TreeSet<>(delivered.keySet());
        settled.addAll(errored.keySet());
        return settled.size();
    }

    public int deliveredCount() {
        return delivered.size();
    }

    public int erroredCount() {
        return errored.size();
    }

    /** Numbers 1..sent neither delivered nor answered with an error (so far). */
    public TreeSet<Integer> unsettledNumbers() {
        TreeSet<Integer> unsettled = new TreeSet<>();
        for (int n = 1; n <= sent.get(); n++) {
            if (!delivered.containsKey(n) && !errored.containsKey(n)) {
                unsettled.add(n);
            }
        }
        return unsettled;
    }

    /** How many copies of message {@code n} arrived. */
    public int copiesOf(int n) {
        AtomicInteger copies = delivered.get(n);
        return copies == null ? 0 : copies.get();
    }

    /**
     * Asserts the fault promise for numbers 1..sent and reports the counts. Lost means neither
     * delivered nor errored; duplicated means delivered more than once.
     */
    public void assertNothingLostOrDuplicated() {
        int total = sent.get();
        TreeSet<Integer> lost = new TreeSet<>();
        TreeSet<Integer> duplicated = new TreeSet<>();
        int deliveredAndErrored = 0;
        for (int n = 1; n <= total; n++) {
            AtomicInteger copies = delivered.get(n);
            if (copies == null && !errored.containsKey(n)) {
                lost.add(n);
            }
            if (copies != null && copies.get() > 1) {
                duplicated.add(n);
            }
            if (copies != null && errored.containsKey(n)) {
                deliveredAndErrored++;
            }
        }
        String line = String.format(
                "FAULT %s: sent=%d delivered=%d errored=%d lost=%d duplicated=%d delivered-and-errored=%d",
                fault, total, delivered.size(), errored.size(), lost.size(), duplicated.size(), deliveredAndErrored);
        System.out.println(line);
        write(total, lost.size(), duplicated.size(), deliveredAndErrored);
        assertThat(total).as("messages sent in fault run %s", fault).isPositive();
        assertThat(lost).as("%s — numbers neither delivered nor answered with an error", line).isEmpty();
        assertThat(duplicated).as("%s — numbers delivered more than once", line).isEmpty();
    }

    private void write(int total, int lost, int duplicated, int deliveredAndErrored) {
        String json = String.format(
                "{\"fault\":\"%s\",\"sent\":%d,\"delivered\":%d,\"errored\":%d,\"lost\":%d,\"duplicated\":%d,\"deliveredAndErrored\":%d}%n",
                fault, total, delivered.size(), errored.size(), lost, duplicated, deliveredAndErrored);
        try {
            Path dir = Path.of("target", "fault-counts");
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(fault + ".json"), json, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
