package dev.ferry.bridge.cli;

import dev.ferry.bridge.config.FerryConfig;
import dev.ferry.mappings.store.Store;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "db", description = "Store administration.", subcommands = DbCommand.Migrate.class)
final class DbCommand {

    @Command(name = "migrate", description = "Create or upgrade the store schema (Flyway), then exit.")
    static final class Migrate implements Callable<Integer> {

        @Mixin
        ConfigOption config;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            FerryConfig cfg = config.load();
            try {
                var report = Store.migrate(cfg.store().toSettings());
                spec.commandLine().getOut().println("store " + cfg.store().url() + ": schema version " + report.currentVersion()
                        + " (" + report.applied() + " migrations applied now)");
                return ExitCodes.OK;
            } catch (RuntimeException e) {
                spec.commandLine().getErr().println("ferry: store " + cfg.store().url() + ": " + e.getMessage());
                return ExitCodes.STORE;
            }
        }
    }
}
