package dev.ferry.bridge.cli;

import dev.ferry.bridge.config.ConfigException;
import dev.ferry.bridge.config.ConfigLoader;
import dev.ferry.bridge.config.FerryConfig;
import dev.ferry.mappings.store.Store;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --config FILE}, shared by every verb. */
public final class ConfigOption {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = "${env:FERRY_CONFIG:-config/ferry.yaml}",
            description = "Configuration file (default: ${DEFAULT-VALUE}; env FERRY_CONFIG).")
    Path file;

    FerryConfig load() throws ConfigException {
        return ConfigLoader.load(file);
    }

    /** The store this config names, migrated; for verbs that read or change it. */
    Store openStore() throws ConfigException {
        return Store.open(load().store().toSettings());
    }
}
