package dev.ferry.mappings.store;

import java.nio.file.Path;

/** Child process of {@link OutboxCrashTest}: enqueues until killed, printing each id once stored. */
public final class OutboxCrashChild {

    static final String ACK = "stored ";

    public static void main(String[] args) {
        Store store = Store.open(StoreSettings.h2(Path.of(args[0])));
        for (int i = 0; ; i++) {
            long id = store.outbox().enqueue("irc.localhost", "<message id='m" + i + "'><body>" + "x".repeat(500) + "</body></message>");
            System.out.println(ACK + id);
            System.out.flush();
        }
    }
}
