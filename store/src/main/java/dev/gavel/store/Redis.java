package dev.gavel.store;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One Lettuce connection to Redis (standalone, Sentinel or Cluster) shared by the whole process, as
 * Lettuce intends. Commands fail fast while Redis is unreachable instead of queueing, so a caller — the
 * health check, a live view update — learns at once. Thread-safe.
 */
public final class Redis implements AutoCloseable {
    private static final io.lettuce.core.codec.RedisCodec<String, byte[]> BINARY = io.lettuce.core.codec.RedisCodec.of(
            io.lettuce.core.codec.StringCodec.UTF8, io.lettuce.core.codec.ByteArrayCodec.INSTANCE);
    private final ClientResources resources;
    private final AutoCloseable client;
    private final java.util.function.Supplier<StatefulConnection<String, String>> connector;
    private final java.util.function.Supplier<StatefulConnection<String, byte[]>> binaryConnector;
    private final java.util.function.Supplier<StatefulRedisPubSubConnection<String, String>> pubSubConnector;
    private final StatefulConnection<String, String> connection;
    private final RedisClusterCommands<String, String> sync;
    private final RedisClusterAsyncCommands<String, String> async;
    private final String description;
    private volatile Binary shared;

    /** The process's connection with byte-array values, opened on first use. */
    private record Binary(
            StatefulConnection<String, byte[]> connection,
            RedisClusterCommands<String, byte[]> sync,
            RedisClusterAsyncCommands<String, byte[]> async) {}

    private Redis(
            ClientResources resources,
            AutoCloseable client,
            java.util.function.Supplier<StatefulConnection<String, String>> connector,
            java.util.function.Supplier<StatefulConnection<String, byte[]>> binaryConnector,
            java.util.function.Supplier<StatefulRedisPubSubConnection<String, String>> pubSubConnector,
            StatefulConnection<String, String> connection,
            RedisClusterCommands<String, String> sync,
            RedisClusterAsyncCommands<String, String> async,
            String description) {
        this.resources = resources;
        this.client = client;
        this.connector = connector;
        this.binaryConnector = binaryConnector;
        this.pubSubConnector = pubSubConnector;
        this.connection = connection;
        this.sync = sync;
        this.async = async;
        this.description = description;
    }

    /** Connects to {@code url} (see {@link RedisUrl}); commands time out after {@code commandTimeout}. */
    public static Redis connect(String url, Duration commandTimeout) {
        var parsed = RedisUrl.parse(url);
        var target = parsed.url().orElseThrow(() -> new StoreException(parsed.problem()));
        var resources = DefaultClientResources.create();
        var timeouts = TimeoutOptions.builder().fixedTimeout(commandTimeout).build();
        String shown = RedisUrl.redact(url);
        try {
            if (target.kind() == RedisUrl.Kind.CLUSTER) {
                var client = RedisClusterClient.create(resources, target.nodes());
                client.setOptions(ClusterClientOptions.builder()
                        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                        .timeoutOptions(timeouts)
                        .build());
                StatefulRedisClusterConnection<String, String> c = client.connect();
                return new Redis(
                        resources,
                        client::shutdown,
                        client::connect,
                        () -> client.connect(BINARY),
                        client::connectPubSub,
                        c,
                        c.sync(),
                        c.async(),
                        shown);
            }
            var client = RedisClient.create(resources);
            client.setOptions(ClientOptions.builder()
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .timeoutOptions(timeouts)
                    .build());
            var uri = target.nodes().get(0);
            StatefulRedisConnection<String, String> c = client.connect(uri);
            return new Redis(
                    resources,
                    client::shutdown,
                    () -> client.connect(uri),
                    () -> client.connect(BINARY, uri),
                    () -> client.connectPubSub(uri),
                    c,
                    c.sync(),
                    c.async(),
                    shown);
        } catch (RuntimeException e) {
            resources.shutdown();
            throw new StoreException("cannot connect to Redis at " + shown + ": " + Database.rootMessage(e), e);
        }
    }

    /**
     * A connection of its own, for blocking commands (XREADGROUP with BLOCK) that would stall the shared
     * one. The caller closes it.
     */
    public Dedicated dedicated() {
        var c = connector.get();
        if (c instanceof StatefulRedisClusterConnection<String, String> cluster) {
            return new Dedicated(c, cluster.sync(), cluster.async());
        }
        var standalone = (StatefulRedisConnection<String, String>) c;
        return new Dedicated(c, standalone.sync(), standalone.async());
    }

    /**
     * A connection of its own with string keys and byte-array values (standalone or cluster, as configured),
     * for libraries that keep binary state, like Bucket4j. The caller closes it.
     */
    public StatefulConnection<String, byte[]> binaryConnection() {
        return binaryConnector.get();
    }

    /**
     * Synchronous commands with string keys and byte-array values, on a second connection shared by the
     * process like the first (opened on first use, closed with this): for values that are bytes end to end,
     * like cached response bodies, which then skip a decode to {@code String} and an encode back.
     */
    public RedisClusterCommands<String, byte[]> bytesSync() {
        return binary().sync();
    }

    /** Asynchronous commands on the connection of {@link #bytesSync()}. */
    public RedisClusterAsyncCommands<String, byte[]> bytesAsync() {
        return binary().async();
    }

    private Binary binary() {
        Binary b = shared;
        if (b == null) {
            synchronized (this) {
                b = shared;
                if (b == null) {
                    var c = binaryConnector.get();
                    if (c instanceof StatefulRedisClusterConnection<String, byte[]> cluster) {
                        b = new Binary(c, cluster.sync(), cluster.async());
                    } else {
                        var standalone = (StatefulRedisConnection<String, byte[]>) c;
                        b = new Binary(c, standalone.sync(), standalone.async());
                    }
                    shared = b;
                }
            }
        }
        return b;
    }

    /**
     * A connection of its own for SUBSCRIBE (a subscribed connection takes no other commands; PUBLISH goes on
     * the shared one). Lettuce subscribes it again after a reconnect. The caller closes it.
     */
    public StatefulRedisPubSubConnection<String, String> pubSub() {
        return pubSubConnector.get();
    }

    /** A connection owned by one caller. */
    public record Dedicated(
            StatefulConnection<String, String> connection,
            RedisClusterCommands<String, String> sync,
            RedisClusterAsyncCommands<String, String> async)
            implements AutoCloseable {
        @Override
        public void close() {
            connection.close();
        }
    }

    /** Synchronous commands; the same interface for standalone, Sentinel and Cluster. */
    public RedisClusterCommands<String, String> sync() {
        return sync;
    }

    public RedisClusterAsyncCommands<String, String> async() {
        return async;
    }

    /** Answers PONG within {@code timeout}, or throws saying why not. */
    public String ping(Duration timeout) throws TimeoutException, ExecutionException, InterruptedException {
        return async.ping().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Where this connection goes, with any password hidden. */
    public String description() {
        return description;
    }

    @Override
    public void close() {
        Binary b = shared;
        if (b != null) {
            b.connection().close();
        }
        connection.close();
        try {
            client.close();
        } catch (Exception e) {
            // shutting down; nothing to recover
        }
        resources.shutdown();
    }
}
