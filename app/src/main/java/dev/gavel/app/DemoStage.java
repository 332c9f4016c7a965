package dev.gavel.app;

import dev.gavel.server.config.GavelConfig;
import dev.gavel.sim.BidderCrowd;
import dev.gavel.sim.DemoChain;
import dev.gavel.sim.DemoScenario;
import dev.gavel.sim.GavelClient;
import dev.gavel.sim.cards.CardDemo;
import dev.gavel.sim.m26.M26Demo;
import dev.gavel.sim.m26.M26Simulator;
import dev.gavel.sim.x.XCrowd;
import dev.gavel.sim.x.XSimulator;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the demo puts on stage once the server is up: a live auction (re-planned whenever none is live), a
 * small crowd of simulated bidders on the HTTP API, and a crowd on the X simulator that links wallets and
 * bids by posting replies. Closing stops them and the simulator.
 */
final class DemoStage implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DemoStage.class);

    private final ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("demo-stage").daemon(true).factory());
    private BidderCrowd crowd;
    private XCrowd xCrowd;

    /** @param x the X simulator Gavel reads bids from, when the demo runs one: a crowd bids there too */
    static DemoStage start(
            String url,
            GavelConfig.Owner owner,
            Optional<XSimulator> x,
            Optional<DemoChain> chain,
            Optional<M26Simulator> m26,
            Optional<CardDemo> cards) {
        var stage = new DemoStage();
        var client = new GavelClient(URI.create(url + "/"));
        stage.schedule.execute(() -> {
            try {
                String admin = client.login(owner.email(), owner.password().reveal());
                m26.ifPresent(sim -> {
                    try {
                        int created =
                                M26Demo.setUp(sim, client, admin, List.of("demo-collector-1", "demo-collector-2"));
                        LOG.info("demo: market watch runs against the M26 simulator ({} watches created)", created);
                    } catch (RuntimeException e) {
                        LOG.warn("demo: market watch could not be set up: {}", e.getMessage());
                    }
                });
                cards.ifPresent(c -> Thread.ofVirtual().name("gavel-demo-cards").start(() -> {
                    try {
                        int stored = c.setUp(client, admin, Duration.ofMinutes(5));
                        LOG.info(
                                "demo: card catalog loaded and {} days of price history imported ({} quotes)",
                                CardDemo.HISTORY_DAYS,
                                stored);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (RuntimeException e) {
                        LOG.warn("demo: the card catalog could not be set up: {}", e.getMessage());
                    }
                }));
                var scenario = new DemoScenario(client, admin, Clock.systemUTC(), Duration.ofMinutes(15), chain);
                scenario.restoreArtworks();
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
                x.ifPresent(sim -> {
                    stage.xCrowd = new XCrowd(
                            sim,
                            client,
                            admin,
                            new XCrowd.Settings(12, Duration.ofSeconds(3), "50", 2026L, 0.15, 0.15, 0.08, 0.3, 0.1),
                            Clock.systemUTC(),
                            chain);
                    stage.xCrowd.start();
                });
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
        if (xCrowd != null) {
            xCrowd.close();
        }
        // the X simulator is a service Gavel polls: DemoCommand stops it after Gavel
    }
}
