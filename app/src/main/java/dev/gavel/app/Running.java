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
        var infrastructure = Infrastructure.prepare(config, true);
        GavelServer server;
        try {
            server = GavelServer.start(infrastructure.config(), Clock.systemUTC());
        } catch (RuntimeException | Error e) {
            infrastructure.close();
            throw e;
        }
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.close();
                            infrastructure.close();
                            stopped.countDown();
                        },
                        "gavel-shutdown"));
        announce.accept(server);
        stopped.await();
        return 0;
    }
}
