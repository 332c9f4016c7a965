package dev.gavel.testkit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Creates a database and leases a Redis logical database before a test class, and drops and releases
 * them after it. Redis databases 1–15 are leased through keys in database 0, so test JVMs running at the
 * same time on one Redis never share a database.
 */
public final class InfrastructureExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS =
            ExtensionContext.Namespace.create(InfrastructureExtension.class);
    private static final Duration LEASE_WAIT = Duration.ofSeconds(60);

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        var store = context.getStore(NS);
        store.put(TestDatabase.class, createDatabase());
        store.put(TestRedis.class, leaseRedis());
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        var store = context.getStore(NS);
        var redis = store.remove(TestRedis.class, TestRedis.class);
        var database = store.remove(TestDatabase.class, TestDatabase.class);
        if (redis != null) {
            releaseRedis(redis);
        }
        if (database != null) {
            dropDatabase(database);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        var type = parameter.getParameter().getType();
        return type == TestDatabase.class || type == TestRedis.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        var type = parameter.getParameter().getType();
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            Object value = c.getStore(NS).get(type);
            if (value != null) {
                return value;
            }
        }
        throw new ParameterResolutionException(type.getSimpleName() + " is only ready once the class has started;"
                + " take it in the constructor, a @BeforeAll method or a test method");
    }

    private static TestDatabase createDatabase() throws SQLException {
        var server = TestServers.postgres();
        String name = "gavel_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (var c = DriverManager.getConnection(server.adminUrl(), server.user(), server.password());
                var s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name + " TEMPLATE template0 ENCODING 'UTF8'");
        }
        return new TestDatabase(server.urlFor(name), server.user(), server.password(), name);
    }

    private static void dropDatabase(TestDatabase database) throws SQLException {
        var server = TestServers.postgres();
        try (var c = DriverManager.getConnection(server.adminUrl(), server.user(), server.password());
                var s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database.name() + " WITH (FORCE)");
        }
    }

    private static TestRedis leaseRedis() throws InterruptedException {
        var server = TestServers.redis();
        String owner = UUID.randomUUID().toString();
        var client = RedisClient.create(RedisURI.create(server.host(), server.port()));
        try (var connection = client.connect()) {
            var commands = connection.sync();
            long deadline = System.nanoTime() + LEASE_WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                var order = new ArrayList<Integer>(
                        IntStream.rangeClosed(1, 15).boxed().toList());
                Collections.shuffle(order);
                for (int db : order) {
                    commands.select(0);
                    String ok = commands.set(
                            leaseKey(db), owner, SetArgs.Builder.nx().ex(Duration.ofHours(1)));
                    if ("OK".equals(ok)) {
                        commands.select(db);
                        commands.flushdb();
                        return new TestRedis(
                                "redis://" + server.host() + ":" + server.port() + "/" + db,
                                server.host(),
                                server.port(),
                                db);
                    }
                }
                Thread.sleep(200); // every database is leased: wait for a test class to finish
            }
            throw new IllegalStateException("all 15 Redis test databases stayed leased for " + LEASE_WAIT);
        } finally {
            client.shutdown();
        }
    }

    private static void releaseRedis(TestRedis redis) {
        var client = RedisClient.create(RedisURI.create(redis.host(), redis.port()));
        try (var connection = client.connect()) {
            var commands = connection.sync();
            commands.select(redis.database());
            commands.flushdb();
            commands.select(0);
            commands.del(leaseKey(redis.database()));
        } catch (RuntimeException e) {
            // The server may have been stopped by the test itself; the lease expires on its own.
        } finally {
            client.shutdown();
        }
    }

    private static String leaseKey(int db) {
        return "gavel:test:lease:db" + db;
    }
}
