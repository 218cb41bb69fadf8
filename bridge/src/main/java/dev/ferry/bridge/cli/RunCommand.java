package dev.ferry.bridge.cli;

import dev.ferry.bridge.config.FerryConfig;
import dev.ferry.bridge.runtime.FerryRuntime;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "run", description = "Run the bridge until stopped (SIGTERM / Ctrl-C).")
final class RunCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws Exception {
        FerryConfig cfg = config.load();
        FerryRuntime runtime = new FerryRuntime(cfg);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            runtime.close();
            stopped.countDown();
        }, "ferry-shutdown"));
        runtime.start();
        LOG.info("Ferry is running: components {}", cfg.xmpp().components().stream()
                .map(c -> c.network() + "=" + c.domain()).toList());
        if (cfg.xmpp().failFast()) {
            try {
                runtime.firstConnect().get();
            } catch (ExecutionException e) {
                LOG.error("stopping: {}", e.getCause().getMessage());
                runtime.close();
                return ExitCodes.XMPP_REFUSED;
            }
        }
        stopped.await();
        return ExitCodes.OK;
    }
}
