package dev.gavel.app;

import dev.gavel.server.GavelServer;
import dev.gavel.server.config.GavelConfig;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/** Starts Gavel and keeps it up until the process is told to stop (Ctrl-C, SIGTERM), then stops it cleanly. */
final class Running {
    private Running() {}

    static int untilStopped(GavelConfig config, Consumer<GavelServer> announce) throws InterruptedException {
        return untilStoppedWith(config, () -> {}, server -> {
            announce.accept(server);
            return () -> {};
        });
    }

    /**
     * As above, with companions: {@code started} may start some that use Gavel (the demo's simulated bidders),
     * closed before it, and {@code services} are ones Gavel uses (the demo's simulated chain and vendors), closed
     * after it, so that Gavel never sees its services vanish while it is still stopping.
     */
    static int untilStoppedWith(
            GavelConfig config, AutoCloseable services, java.util.function.Function<GavelServer, AutoCloseable> started)
            throws InterruptedException {
        var infrastructure = Infrastructure.prepare(config, true);
        GavelServer server;
        try {
            server = GavelServer.start(infrastructure.config(), Clock.systemUTC());
        } catch (RuntimeException | Error e) {
            closeQuietly(services);
            infrastructure.close();
            throw e;
        }
        var stopped = new CountDownLatch(1);
        var companions = new java.util.concurrent.atomic.AtomicReference<AutoCloseable>(() -> {});
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            closeQuietly(companions.get());
                            server.close();
                            closeQuietly(services);
                            infrastructure.close();
                            stopped.countDown();
                        },
                        "gavel-shutdown"));
        companions.set(started.apply(server));
        stopped.await();
        return 0;
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // stopping anyway
        }
    }
}
