package dev.gavel.app;

import dev.gavel.core.Secret;
import dev.gavel.core.time.AcceleratedClock;
import dev.gavel.server.config.GavelConfig;
import dev.gavel.server.jobs.JobSchedule;
import dev.gavel.sim.DemoChain;
import dev.gavel.sim.cards.CardDemo;
import dev.gavel.sim.m26.M26Simulator;
import dev.gavel.sim.x.XSimulator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code gavel demo}: everything on this machine, nothing to set up. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Run Gavel with embedded PostgreSQL and Redis and print an owner login.",
            "Data stays in GAVEL_HOME (default ~/.gavel) and is reused on the next start.",
            "Listens on 127.0.0.1:8080 unless GAVEL_HTTP_HOST / GAVEL_HTTP_PORT say otherwise."
        })
final class DemoCommand implements Callable<Integer> {
    @ParentCommand
    GavelCli cli;

    @Override
    public Integer call() throws Exception {
        var env = new HashMap<String, String>();
        env.put("GAVEL_HTTP_HOST", "127.0.0.1");
        // scheduled jobs run 60x faster: the hourly ones every minute, the daily ones every 24 minutes
        env.put("GAVEL_JOBS_SPEED", "60");
        env.putAll(cli.env);
        GavelConfig config = new GavelCli(env).withConfigFile(cli.configFile).config();
        boolean generatedOwner = config.owner().isEmpty();
        if (generatedOwner) {
            config = config.withOwner(DemoOwner.loadOrCreate(config.home()));
        }
        var owner = config.owner().orElseThrow();
        var home = config.home();
        var out = cli.spec.commandLine().getOut();
        boolean simulate = !"off".equalsIgnoreCase(cli.env.getOrDefault("GAVEL_DEMO_SIMULATION", "on"));
        // Bidding on X against the X simulator, unless a real X API was configured.
        XSimulator xSim = null;
        if (simulate && !config.x().enabled()) {
            xSim = XSimulator.start(0, AcceleratedClock.of(Clock.systemUTC(), config.clockSpeed()), "gavel");
            var x = config.x();
            config = config.withX(new GavelConfig.X(
                    xSim.baseUrl(),
                    Optional.of(Secret.of("demo-bearer-token")),
                    Optional.of(Secret.of("demo-user-token")),
                    Optional.of(xSim.hostId()),
                    Duration.ofSeconds(1),
                    x.minAccountAge(),
                    x.teaserLead(),
                    x.bidRate()));
        }
        var simulator = Optional.ofNullable(xSim);
        // Deposits, artworks and settlement on a simulated chain, unless a real chain was configured.
        DemoChain demoChain = null;
        if (simulate && !config.chain().enabled()) {
            demoChain = DemoChain.start(home, config.identity().chainId(), Duration.ofSeconds(1), Clock.systemUTC());
            var chain = config.chain();
            config = config.withChain(new GavelConfig.Chain(
                    List.of(demoChain.url()),
                    2,
                    Optional.of(demoChain.escrow()),
                    Optional.empty(),
                    Optional.of(Secret.of(demoChain.signerKey())),
                    Optional.of(DemoChain.payoutAddress()),
                    Optional.empty(),
                    Duration.ofSeconds(1),
                    chain.txBidWait(),
                    chain.maxFeeGwei()));
        }
        var chainSim = Optional.ofNullable(demoChain);
        // Market watch against the Madden 26 simulator, unless a real gateway was configured.
        M26Simulator m26Sim = null;
        if (simulate && !config.market().m26Enabled()) {
            try {
                m26Sim = M26Simulator.start(0, Clock.systemUTC(), System.nanoTime());
            } catch (java.io.IOException e) {
                throw new IllegalStateException("the M26 simulator did not start: " + e.getMessage(), e);
            }
            config = config.withMarket(
                    config.market().withM26(java.net.URI.create(m26Sim.baseUrl()), 50, Duration.ofSeconds(1)));
        }
        var m26 = Optional.ofNullable(m26Sim);
        // Card prices from the TCGplayer, pokemontcg.io, OPTCG and eBay simulators, unless a card source was
        // configured.
        CardDemo cardSims = null;
        var cards = config.market().cards();
        if (simulate && !cards.tcgplayer() && !cards.pokemontcg() && !cards.optcg() && !cards.ebay()) {
            try {
                cardSims = CardDemo.start(Clock.systemUTC(), 600, 200);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("the card simulators did not start: " + e.getMessage(), e);
            }
            var simEnv = cardSims.env();
            config = config.withMarket(config.market()
                    .withCards(new GavelConfig.CardSources(
                            Optional.of(java.net.URI.create(simEnv.get("GAVEL_TCGPLAYER_BASE_URL"))),
                            Optional.of(CardDemo.TCGPLAYER_CLIENT_ID),
                            Optional.of(Secret.of(CardDemo.TCGPLAYER_SECRET)),
                            Optional.of(java.net.URI.create(simEnv.get("GAVEL_POKEMONTCG_BASE_URL"))),
                            Optional.empty(),
                            Optional.of(java.net.URI.create(simEnv.get("GAVEL_OPTCG_BASE_URL"))),
                            Optional.of(java.net.URI.create(simEnv.get("GAVEL_EBAY_BASE_URL"))),
                            Optional.of(CardDemo.EBAY_CLIENT_ID),
                            Optional.of(Secret.of(CardDemo.EBAY_SECRET))))
                    .withAlerts(withPrivateWebhooks(config.market().alerts())));
        }
        var cardDemo = Optional.ofNullable(cardSims);
        var hourly =
                JobSchedule.every(Duration.ofHours(1)).spedUpDelay(config.jobs().speed(), Instant.now());
        // the simulated services Gavel calls stop after it; the simulated bidders (the stage) before it
        AutoCloseable services = () -> {
            cardDemo.ifPresent(CardDemo::close);
            chainSim.ifPresent(DemoChain::close);
            m26.ifPresent(M26Simulator::close);
            simulator.ifPresent(XSimulator::close);
        };
        return Running.untilStoppedWith(config, services, server -> {
            out.println();
            out.println("Gavel demo is running.");
            out.println("  Console:  " + server.url());
            out.println("  Health:   " + server.url() + "/health");
            out.println("  Metrics:  " + server.url() + "/metrics");
            out.println(
                    "  Owner:    " + owner.email() + " / " + owner.password().reveal()
                            + (generatedOwner ? "   (kept in " + home.resolve(DemoOwner.FILE) + ")" : ""));
            out.println("  Data:     " + home + " (reused on the next start)");
            out.println("  Jobs:     " + server.url() + "/api/jobs"
                    + hourly.map(every -> " (sped up: an hourly job runs every " + JobSchedule.compact(every) + ")")
                            .orElse(""));
            if (simulate) {
                out.println("  Live:     a demo campaign is live on the console, with 5 simulated bidders");
            }
            simulator.ifPresent(sim -> out.println("  X:        simulated at " + sim.baseUrl()
                    + "/timeline — 12 bidders post bids and link wallets there"));
            chainSim.ifPresent(c -> out.println("  Chain:    SIMULATED (GavelSimChain, not a blockchain) at " + c.url()
                    + ", chain id " + c.chainId() + "; escrow " + c.escrowChecksummed()));
            cardDemo.ifPresent(c -> out.println("  Cards:    SIMULATED TCGplayer, pokemontcg.io, OPTCG and eBay ("
                    + c.world().cards().size() + " cards); search, card charts and trending at " + server.url()
                    + "/cards.html"));
            m26.ifPresent(sim -> out.println("  Market:   SIMULATED Madden 26 auction house at " + sim.baseUrl()
                    + "; 3 live watches, listings at " + server.url() + "/api/market/listings"));
            out.println("Press Ctrl-C to stop.");
            out.flush();
            if (!simulate) {
                return () -> {};
            }
            return DemoStage.start(server.url(), owner, simulator, chainSim, m26, cardDemo);
        });
    }

    /** The demo's alerts may call webhooks on this machine (a receiver a person starts to try them). */
    private static GavelConfig.Alerts withPrivateWebhooks(GavelConfig.Alerts a) {
        return new GavelConfig.Alerts(
                a.smtpHost(), a.smtpPort(), a.smtpFrom(), a.smtpUser(), a.smtpPassword(), a.smtpStartTls(), true);
    }
}
