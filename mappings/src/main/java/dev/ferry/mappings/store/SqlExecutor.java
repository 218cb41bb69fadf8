package dev.ferry.mappings.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Runs one statement on a pooled connection in auto-commit mode and turns SQLExceptions into
 * {@link StoreException}s that name the operation. Each call borrows its own connection, which is
 * what makes the repositories safe to share between threads.
 */
final class SqlExecutor {

    interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** PostgreSQL and H2 both report unique-constraint violations with this SQLSTATE. */
    private static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;
    private final Clock clock;

    SqlExecutor(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /**
     * Now, truncated to microseconds: both databases store TIMESTAMP WITH TIME ZONE at that
     * precision, so a value reads back equal to what was written.
     */
    OffsetDateTime now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /** Runs one statement for each binder in a single transaction: one commit for many rows. */
    void batch(String operation, String sql, List<Binder> binders) {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (Binder b : binders) {
                    b.bind(ps);
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw failure(operation, e);
        }
    }

    int update(String operation, String sql, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw failure(operation, e);
        }
    }

    /** Inserts one row and returns its generated {@code id}. */
    long insert(String operation, String sql, Binder binder) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(sql, new String[] {"id"})) {
            binder.bind(ps);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new StoreException(operation + ": no id generated", null);
                }
                return keys.getLong(1);
            }
        } catch (SQLException e) {
            throw failure(operation, e);
        }
    }

    <T> List<T> query(String operation, String sql, Binder binder, RowMapper<T> mapper) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
                return rows;
            }
        } catch (SQLException e) {
            throw failure(operation, e);
        }
    }

    <T> Optional<T> queryFirst(String operation, String sql, Binder binder, RowMapper<T> mapper) {
        List<T> rows = query(operation, sql, binder, mapper);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    static boolean isUniqueViolation(StoreException e) {
        return e.getCause() instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState());
    }

    private static StoreException failure(String operation, SQLException e) {
        return new StoreException(operation + " failed (SQLSTATE " + e.getSQLState() + ")", e);
    }
}
