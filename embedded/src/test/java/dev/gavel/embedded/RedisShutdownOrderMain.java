package dev.gavel.embedded;

import java.util.Optional;

/**
 * A process that starts an embedded Redis and, when it is asked to stop (SIGTERM), uses it once more before
 * stopping it, as Gavel's shutdown does: {@code EmbeddedRedisIT} checks that Redis is still there then.
 */
public final class RedisShutdownOrderMain {
    private RedisShutdownOrderMain() {}

    public static void main(String[] args) throws Exception {
        var redis = EmbeddedRedis.start(Optional.empty(), Ports.free());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                // give any other hook time to run first
                Thread.sleep(1_000);
                System.out.println("during shutdown: " + EmbeddedRedisIT.send(redis.port(), "PING"));
            } catch (Exception e) {
                System.out.println("during shutdown: " + e);
            } finally {
                redis.stop();
                System.out.println("stopped: " + !redis.isRunning());
                System.out.flush();
            }
        }));
        System.out.println("port=" + redis.port());
        System.out.flush();
        Thread.sleep(60_000);
    }
}
