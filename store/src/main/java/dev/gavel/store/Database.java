package dev.gavel.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gavel's PostgreSQL: a HikariCP pool, the schema migrations in {@code db/migration}, and a JDBI handle
 * for the repositories. Thread-safe.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource);
    }

    /** Opens the pool; {@code tuning} may add metrics or change pool settings before it starts. */
    public static Database open(DatabaseSettings settings, Consumer<HikariConfig> tuning) {
        var config = new HikariConfig();
        config.setPoolName("gavel-db");
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.user());
        settings.password().ifPresent(p -> config.setPassword(p.reveal()));
        config.setMaximumPoolSize(settings.maxPoolSize());
        config.setConnectionTimeout(settings.connectTimeout().toMillis());
        config.setValidationTimeout(Math.min(2_000, settings.connectTimeout().toMillis()));
        config.setInitializationFailTimeout(settings.connectTimeout().toMillis());
        config.addDataSourceProperty("ApplicationName", "gavel");
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        tuning.accept(config);
        try {
            return new Database(new HikariDataSource(config));
        } catch (RuntimeException e) {
            throw new StoreException(
                    "cannot connect to PostgreSQL at " + settings.url() + " as " + settings.user() + ": "
                            + rootMessage(e),
                    e);
        }
    }

    public static Database open(DatabaseSettings settings) {
        return open(settings, config -> {});
    }

    /** Brings the schema up to date; returns how many migrations ran. */
    public int migrate() {
        try {
            var result = Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
            if (result.migrationsExecuted > 0) {
                LOG.info(
                        "applied {} schema migration(s), schema now at version {}",
                        result.migrationsExecuted,
                        result.targetSchemaVersion);
            }
            return result.migrationsExecuted;
        } catch (FlywayException e) {
            throw new StoreException("schema migration failed: " + rootMessage(e), e);
        }
    }

    /** Answers whether PostgreSQL takes a query within {@code timeoutSeconds}. */
    public void ping(int timeoutSeconds) throws SQLException {
        try (var c = dataSource.getConnection();
                var s = c.createStatement()) {
            s.setQueryTimeout(timeoutSeconds);
            s.execute("SELECT 1");
        }
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        dataSource.close();
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
