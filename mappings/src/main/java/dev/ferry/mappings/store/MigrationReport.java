package dev.ferry.mappings.store;

/**
 * Outcome of {@code ferry db migrate}.
 *
 * @param applied        migrations applied by this run (0 if the schema was current)
 * @param currentVersion schema version after the run
 */
public record MigrationReport(int applied, String currentVersion) {
}
