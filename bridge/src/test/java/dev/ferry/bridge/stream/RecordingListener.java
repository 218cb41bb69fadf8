package dev.ferry.bridge.stream;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Records what a link reports, and on which thread. */
final class RecordingListener implements ComponentLinkListener {

    final AtomicInteger connected = new AtomicInteger();
    final BlockingQueue<String> stanzas = new LinkedBlockingQueue<>();
    final List<LinkFailure> failures = new CopyOnWriteArrayList<>();
    final List<String> callbackThreads = new CopyOnWriteArrayList<>();

    @Override
    public void onConnected(ComponentLink link) {
        callbackThreads.add(Thread.currentThread().getName());
        connected.incrementAndGet();
    }

    @Override
    public void onStanza(ComponentLink link, String stanzaXml) {
        callbackThreads.add(Thread.currentThread().getName());
        stanzas.add(stanzaXml);
    }

    @Override
    public void onDisconnected(ComponentLink link, LinkFailure failure) {
        callbackThreads.add(Thread.currentThread().getName());
        failures.add(failure);
    }

    String nextStanza(Duration timeout) throws InterruptedException {
        String next = stanzas.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (next == null) {
            throw new AssertionError("no stanza within " + timeout);
        }
        return next;
    }

    List<LinkFailure.Kind> kinds() {
        return failures.stream().map(LinkFailure::kind).toList();
    }
}
