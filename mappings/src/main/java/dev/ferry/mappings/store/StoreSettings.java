package dev.ferry.mappings.store;

import java.nio.file.Path;

/**
 * How to reach the store and its credential key ({@code store.*} in ferry.yaml).
 *
 * @param url         JDBC URL; null means {@value #DEFAULT_URL}
 * @param user        database user, may be null for H2
 * @param password    database password, may be null
 * @param maxPoolSize connection pool size; 0 or less means {@value #DEFAULT_POOL_SIZE}
 * @param keyFile     file holding the base64 AES-256 credential key, generated if missing;
 *                    null means {@value #DEFAULT_KEY_FILE} unless {@code key} is given
 * @param key         the credential key itself, base64 (setting {@code store.key}); wins over the file
 */
public record StoreSettings(String url, String user, String password, int maxPoolSize, Path keyFile, String key) {

    public static final String DEFAULT_URL = "jdbc:h2:file:./data/ferry";
    public static final String DEFAULT_KEY_FILE = "./data/ferry.key";
    public static final int DEFAULT_POOL_SIZE = 10;

    public StoreSettings {
        url = url == null || url.isBlank() ? DEFAULT_URL : url.strip();
        maxPoolSize = maxPoolSize <= 0 ? DEFAULT_POOL_SIZE : maxPoolSize;
        if (keyFile == null && key == null) {
            keyFile = Path.of(DEFAULT_KEY_FILE);
        }
    }

    /** All defaults: H2 file store and key file under ./data. */
    public static StoreSettings defaults() {
        return new StoreSettings(null, null, null, 0, null, null);
    }

    /** An H2 file store {@code dir/ferry} with its key file {@code dir/ferry.key}; for tests and demos. */
    public static StoreSettings h2(Path dir) {
        Path abs = dir.toAbsolutePath();
        return new StoreSettings("jdbc:h2:file:" + abs.resolve("ferry"), null, null, 4, abs.resolve("ferry.key"), null);
    }

    public StoreSettings withUrl(String newUrl) {
        return new StoreSettings(newUrl, user, password, maxPoolSize, keyFile, key);
    }

    /** Secrets are redacted: settings end up in logs and error reports. */
    @Override
    public String toString() {
        return "StoreSettings[url=" + JdbcUrl.redacted(url) + ", user=" + user
                + ", password=" + (password == null ? "null" : "***") + ", maxPoolSize=" + maxPoolSize
                + ", keyFile=" + keyFile + ", key=" + (key == null ? "null" : "***") + "]";
    }
}
