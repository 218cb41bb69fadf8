package dev.ferry.irc.client;

import dev.ferry.irc.protocol.IrcMessage;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Records what a connection reports, for tests to wait on. */
final class RecordingListener implements IrcConnectionListener {

    final BlockingQueue<IrcMessage> messages = new LinkedBlockingQueue<>();
    final List<IrcMessage> all = new CopyOnWriteArrayList<>();
    final List<String> nickInUse = new CopyOnWriteArrayList<>();
    final List<String> disconnects = new CopyOnWriteArrayList<>();
    final List<String> loginNotices = new CopyOnWriteArrayList<>();
    volatile Registered registered;

    @Override
    public void onRegistered(IrcConnection c, Registered r) {
        registered = r;
    }

    @Override
    public void onMessage(IrcConnection c, IrcMessage m) {
        messages.add(m);
        all.add(m);
    }

    @Override
    public void onNickInUse(IrcConnection c, String tried, String next) {
        nickInUse.add(tried + "->" + next);
    }

    @Override
    public void onLoginNotice(IrcConnection c, String text) {
        loginNotices.add(text);
    }

    @Override
    public void onDisconnected(IrcConnection c, String reason) {
        disconnects.add(reason);
    }

    /** The next message matching {@code p}, skipping others, or an AssertionError after {@code seconds}. */
    IrcMessage await(Predicate<IrcMessage> p, int seconds, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            long left = deadline - System.nanoTime();
            IrcMessage m = left > 0 ? messages.poll(left, TimeUnit.NANOSECONDS) : null;
            if (m == null) {
                throw new AssertionError("no " + what + " within " + seconds + " s");
            }
            if (p.test(m)) {
                return m;
            }
        }
    }
}
