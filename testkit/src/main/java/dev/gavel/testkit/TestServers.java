package dev.gavel.testkit;

import dev.gavel.embedded.EmbeddedPostgres;
import dev.gavel.embedded.EmbeddedRedis;
import dev.gavel.embedded.Ports;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL and Redis servers tests run against, found or started once per JVM: the ones named by
 * {@code GAVEL_TEST_DB_URL} (plus {@code GAVEL_TEST_DB_USER}, {@code GAVEL_TEST_DB_PASSWORD}) and
 * {@code GAVEL_TEST_REDIS_URL}, otherwise embedded servers in a temporary folder that is removed at exit.
 * Thread-safe.
 */
public final class TestServers {
    private static final Logger LOG = LoggerFactory.getLogger(TestServers.class);

    /** Where a test server's admin connection goes. */
    public record Postgres(String adminUrl, String user, String password, String host, int port) {
        String urlFor(String database) {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database;
        }
    }

    /** A Redis server's address. */
    public record Redis(String host, int port) {}

    private static Postgres postgres;
    private static Redis redis;
    private static EmbeddedRedis embeddedRedis;

    private TestServers() {}

    public static synchronized Postgres postgres() {
        if (postgres == null) {
            postgres = env("GAVEL_TEST_DB_URL")
                    .map(TestServers::configuredPostgres)
                    .orElseGet(TestServers::embeddedPostgres);
        }
        return postgres;
    }

    public static synchronized Redis redis() {
        if (redis == null) {
            redis = env("GAVEL_TEST_REDIS_URL")
                    .map(TestServers::configuredRedis)
                    .orElseGet(TestServers::startEmbeddedRedis);
        }
        return redis;
    }

    private static Postgres configuredPostgres(String url) {
        if (!url.startsWith("jdbc:postgresql://")) {
            throw new IllegalStateException("GAVEL_TEST_DB_URL must be a jdbc:postgresql:// URL, not " + url);
        }
        var uri = URI.create(url.substring("jdbc:".length()));
        String user = env("GAVEL_TEST_DB_USER").orElse("postgres");
        String password = env("GAVEL_TEST_DB_PASSWORD").orElse("");
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        return new Postgres(url, user, password, uri.getHost(), port);
    }

    private static Redis configuredRedis(String url) {
        var uri = URI.create(url);
        return new Redis(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort());
    }

    private static Postgres embeddedPostgres() {
        try {
            Path root = Files.createTempDirectory("gavel-test-pg-");
            Path cache = Path.of(System.getProperty("java.io.tmpdir"), "gavel-postgres-binaries");
            var server = EmbeddedPostgres.start(root.resolve("data"), cache, Ports.free());
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                server.close();
                                deleteQuietly(root);
                            },
                            "gavel-test-postgres-stop"));
            LOG.info("tests use an embedded PostgreSQL on port {}", server.port());
            return new Postgres(server.jdbcUrl("postgres"), server.user(), "", "127.0.0.1", server.port());
        } catch (IOException e) {
            throw new IllegalStateException("cannot make a folder for the test PostgreSQL: " + e.getMessage(), e);
        }
    }

    private static Redis startEmbeddedRedis() {
        embeddedRedis = EmbeddedRedis.start(Optional.empty(), Ports.free());
        Runtime.getRuntime().addShutdownHook(new Thread(embeddedRedis::stop, "gavel-test-redis-stop"));
        LOG.info("tests use an embedded Redis on port {}", embeddedRedis.port());
        return new Redis("127.0.0.1", embeddedRedis.port());
    }

    private static Optional<String> env(String name) {
        return Optional.ofNullable(System.getenv(name)).filter(v -> !v.isBlank());
    }

    private static void deleteQuietly(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debug("could not remove {}", root, e);
        }
    }
}
