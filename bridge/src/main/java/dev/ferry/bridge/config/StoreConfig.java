package dev.ferry.bridge.config;

import dev.ferry.mappings.store.StoreSettings;
import java.nio.file.Path;

/** The {@code store} section. */
public record StoreConfig(String url, String user, String password, String key, String keyFile, int maxPoolSize) {

    public StoreSettings toSettings() {
        return new StoreSettings(url, user, password, maxPoolSize, Path.of(keyFile), key.isEmpty() ? null : key);
    }

    @Override
    public String toString() {
        return "StoreConfig[url=" + url + ", user=" + user + ", password=***, key=***, keyFile=" + keyFile
                + ", maxPoolSize=" + maxPoolSize + "]";
    }
}
