package dev.gavel.app;

import dev.gavel.server.config.GavelConfig;
import dev.gavel.sim.BidderCrowd;
import dev.gavel.sim.DemoScenario;
import dev.gavel.sim.GavelClient;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the demo puts on stage once the server is up: a live auction (re-planned whenever none is live) and
 * a small crowd of simulated bidders, all through the HTTP API. Closing stops both.
 */
final class DemoStage implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DemoStage.class);

    private final ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("demo-stage").daemon(true).factory());
    private BidderCrowd crowd;

    static DemoStage start(String url, GavelConfig.Owner owner) {
        var stage = new DemoStage();
        var client = new GavelClient(URI.create(url + "/"));
        stage.schedule.execute(() -> {
            try {
                String admin = client.login(owner.email(), owner.password().reveal());
                var scenario = new DemoScenario(client, admin, Clock.systemUTC(), Duration.ofMinutes(15));
                scenario.ensureLiveAuction();
                stage.schedule.scheduleWithFixedDelay(
                        () -> {
                            try {
                                scenario.ensureLiveAuction();
                            } catch (RuntimeException e) {
                                LOG.warn("demo: could not check for a live auction: {}", e.getMessage());
                            }
                        },
                        30,
                        30,
                        TimeUnit.SECONDS);
                stage.crowd = new BidderCrowd(
                        client, admin, new BidderCrowd.Settings(5, Duration.ofSeconds(4), "50", System.nanoTime()));
                stage.crowd.start();
            } catch (RuntimeException e) {
                LOG.warn("demo: the simulated auction could not start: {}", e.getMessage());
            }
        });
        return stage;
    }

    @Override
    public void close() {
        schedule.shutdownNow();
        if (crowd != null) {
            crowd.close();
        }
    }
}
