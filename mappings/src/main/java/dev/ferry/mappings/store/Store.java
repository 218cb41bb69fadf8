package dev.ferry.mappings.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.ferry.mappings.crypto.CredentialCipher;
import dev.ferry.mappings.crypto.KeyMaterial;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import javax.crypto.SecretKey;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ferry's durable state: one connection pool, a schema brought up to date by Flyway at open,
 * and the repositories over it. Open once per process and share; close on shutdown.
 */
public final class Store implements AutoCloseable {

    static final String MIGRATIONS = "classpath:db/migration";
    private static final Logger LOG = LoggerFactory.getLogger(Store.class);

    private final HikariDataSource dataSource;
    private final OutboxRepository outbox;
    private final IdentityRepository identities;
    private final CredentialRepository credentials;
    private final MessageIdRepository messageIds;
    private final ArchiveRepository archive;
    private final UserSettingsRepository settings;
    private final MirrorRepository mirrors;

    private Store(HikariDataSource dataSource, CredentialCipher cipher, Clock clock) {
        this.dataSource = dataSource;
        SqlExecutor sql = new SqlExecutor(dataSource, clock);
        this.outbox = new OutboxRepository(sql);
        this.identities = new IdentityRepository(sql);
        this.credentials = new CredentialRepository(sql, cipher);
        this.messageIds = new MessageIdRepository(sql);
        this.archive = new ArchiveRepository(sql);
        this.settings = new UserSettingsRepository(sql);
        this.mirrors = new MirrorRepository(sql);
    }

    /** Connects, migrates the schema and loads the credential key. */
    public static Store open(StoreSettings settings) {
        // The key first: a bad key setting should fail before anything touches the database.
        SecretKey key = KeyMaterial.load(settings);
        CredentialCipher cipher = new CredentialCipher(key);
        HikariDataSource pool = pool(settings);
        try {
            MigrationReport report = migrate(pool);
            LOG.info("store {} ready at schema version {} ({} migrations applied)",
                    JdbcUrl.redacted(settings.url()), report.currentVersion(), report.applied());
            return new Store(pool, cipher, Clock.systemUTC());
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /** Brings the schema up to date without opening the store ({@code ferry db migrate}); needs no key. */
    public static MigrationReport migrate(StoreSettings settings) {
        try (HikariDataSource pool = pool(settings)) {
            return migrate(pool);
        }
    }

    public OutboxRepository outbox() {
        return outbox;
    }

    public IdentityRepository identities() {
        return identities;
    }

    public CredentialRepository credentials() {
        return credentials;
    }

    public MessageIdRepository messageIds() {
        return messageIds;
    }

    public ArchiveRepository archive() {
        return archive;
    }

    public UserSettingsRepository settings() {
        return settings;
    }

    public MirrorRepository mirrors() {
        return mirrors;
    }

    /** The pool, for health checks and metrics. */
    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        dataSource.close();
    }

    private static MigrationReport migrate(DataSource dataSource) {
        try {
            Flyway flyway = Flyway.configure()
                    .dataSource(dataSource)
                    .locations(MIGRATIONS)
                    .failOnMissingLocations(true)
                    .load();
            MigrateResult result = flyway.migrate();
            MigrationInfo current = flyway.info().current();
            return new MigrationReport(result.migrationsExecuted,
                    current == null || current.getVersion() == null ? null : current.getVersion().getVersion());
        } catch (RuntimeException e) {
            throw new StoreException("schema migration failed: " + e.getMessage(), e);
        }
    }

    private static HikariDataSource pool(StoreSettings settings) {
        createH2Directory(settings.url());
        HikariConfig config = new HikariConfig();
        config.setPoolName("ferry-store");
        config.setJdbcUrl(JdbcUrl.effective(settings.url()));
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.maxPoolSize());
        config.setMinimumIdle(Math.min(2, settings.maxPoolSize()));
        config.setAutoCommit(true);
        // Fail at start with the database's own reason instead of later on the first message.
        config.setInitializationFailTimeout(1);
        config.setConnectionTimeout(10_000);
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new StoreException("cannot connect to store " + JdbcUrl.redacted(settings.url()) + ": "
                    + cause.getMessage(), e);
        }
    }

    private static void createH2Directory(String url) {
        JdbcUrl.h2FilePath(url).map(p -> p.toAbsolutePath().getParent()).ifPresent(dir -> {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new StoreException("cannot create store directory " + dir + ": " + e.getMessage(), e);
            }
        });
    }
}
