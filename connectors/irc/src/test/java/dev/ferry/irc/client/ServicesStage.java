package dev.ferry.irc.client;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's InspIRCd 3 with Debian's Atheme 7.2 linked to it (src/peers/atheme.sh), one instance
 * per test class, and the Netty event loop the tests' connections run on; closes what it opened.
 */
final class ServicesStage implements AutoCloseable {

    final IrcPeer ircd;
    private final IrcPeer services;
    private final List<IrcConnection> open = new ArrayList<>();
    private EventLoopGroup group;

    private ServicesStage(int port, String instance) {
        ircd = new IrcPeer("inspircd", port, instance);
        services = new IrcPeer("atheme", port, instance);
    }

    /** Starts both on {@code port}; skips the test class unless FERRY_E2E=1. */
    static ServicesStage start(int port, String instance) throws Exception {
        Assumptions.assumeTrue("1".equals(System.getenv("FERRY_E2E")), "set FERRY_E2E=1 to run against real IRC servers");
        ServicesStage stage = new ServicesStage(port, instance);
        stage.ircd.start();
        stage.services.start();
        stage.group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        return stage;
    }

    /** Services keep their accounts across starts (like real ones): a new account name every run. */
    static String newAccountName(String prefix) {
        return prefix + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    }

    IrcConnection open(IrcClientSettings settings, RecordingListener listener) {
        IrcConnection c = IrcConnection.open(settings, group, listener);
        open.add(c);
        return c;
    }

    @Override
    public void close() throws InterruptedException {
        open.forEach(c -> c.close(null));
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        }
        services.stop();
        ircd.stop();
    }
}
