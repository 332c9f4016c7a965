package dev.gavel.app;

import dev.gavel.market.listing.ListingDelta;
import dev.gavel.market.source.MarketSource;
import dev.gavel.market.strategy.PageOutcome;
import dev.gavel.server.config.GavelConfig;
import dev.gavel.server.config.SecretKeyFile;
import dev.gavel.server.market.MarketCollector;
import dev.gavel.server.market.MarketIngest;
import dev.gavel.server.market.MarketRuntime;
import dev.gavel.store.Redis;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code gavel market …}: collect listings in a batch run, or watch a query live. */
@Command(
        name = "market",
        mixinStandardHelpOptions = true,
        description = "Collect marketplace listings: a batch run, or a live watch.",
        subcommands = {MarketCommand.Collect.class, MarketCommand.Watch.class})
final class MarketCommand extends CommandGroup {

    /** Opens what a market command needs and runs {@code body} with it. */
    static int withMarket(GavelCli cli, boolean live, Consumer<List<ListingDelta>> deltas, MarketBody body) {
        GavelConfig config = cli.config();
        try (var infrastructure = Infrastructure.prepare(config, true);
                var database = infrastructure.openDatabase();
                var redis = Redis.connect(infrastructure.config().redisUrl().orElseThrow(), Duration.ofSeconds(5))) {
            database.migrate();
            var secret = config.auth().secretKey().orElseGet(() -> SecretKeyFile.loadOrCreate(config.home()));
            try (var market = MarketRuntime.start(
                    config.market(),
                    database,
                    redis,
                    secret,
                    Clock.systemUTC(),
                    live ? MarketRuntime.WatchMode.GIVEN : MarketRuntime.WatchMode.NONE,
                    deltas)) {
                return body.run(market);
            }
        }
    }

    @FunctionalInterface
    interface MarketBody {
        int run(MarketRuntime market);
    }

    static Map<String, String> parseQuery(List<String> pairs, PrintWriter err) {
        var query = new LinkedHashMap<String, String>();
        for (String pair : pairs == null ? List.<String>of() : pairs) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                err.println("gavel: --query " + pair + " is not key=value (such as team=DAL)");
                return null;
            }
            query.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
        }
        return query;
    }

    static Optional<MarketSource> source(MarketRuntime market, String id, PrintWriter err) {
        var s = market.sources().get(id);
        if (s == null) {
            if (id.equals("m26") && market.m26Problem().isPresent()) {
                err.println("gavel: " + market.m26Problem().get());
            } else if (id.equals("m26")) {
                err.println(
                        "gavel: the m26 source is off: set GAVEL_M26_BASE_URL (the demo points it at its simulator)");
            } else {
                err.println("gavel: --source " + id + " is not a configured source; configured: "
                        + market.sources().keySet());
            }
            return Optional.empty();
        }
        return Optional.of(s);
    }

    /** {@code --source} and {@code --query}, shared by collect and watch. */
    static final class QueryOptions {
        @Option(names = "--source", defaultValue = "m26", description = "the source (default: ${DEFAULT-VALUE})")
        String source;

        @Option(
                names = {"-q", "--query"},
                paramLabel = "KEY=VALUE",
                description = "a query parameter; repeat. m26: team=DAL, program=…, itemName=…, pageSize=20, pages=2")
        List<String> query;
    }

    /** {@code gavel market collect --source m26 --query team=DAL --pages 5}. */
    @Command(
            name = "collect",
            mixinStandardHelpOptions = true,
            description = {
                "Fetch pages of a query once, normalize them and store them (listings, price points, deltas).",
                "Prints a progress bar and a summary; exits 1 when a page could not be fetched, 2 on bad input."
            })
    static final class Collect implements Callable<Integer> {
        @ParentCommand
        MarketCommand market;

        @Mixin
        QueryOptions what;

        @Option(
                names = "--pages",
                defaultValue = "1",
                description = "pages to fetch, 1 to 20 (default: ${DEFAULT-VALUE})")
        int pages;

        @Override
        public Integer call() {
            var cli = market.cli;
            var out = cli.spec.commandLine().getOut();
            var err = cli.spec.commandLine().getErr();
            Map<String, String> q = parseQuery(what.query, err);
            if (q == null) {
                return GavelCli.BAD_INPUT;
            }
            if (pages < 1 || pages > 20) {
                err.println("gavel: --pages must be from 1 to 20, got " + pages);
                return GavelCli.BAD_INPUT;
            }
            return withMarket(cli, false, d -> {}, runtime -> {
                var s = source(runtime, what.source, err);
                if (s.isEmpty()) {
                    return GavelCli.BAD_INPUT;
                }
                var problems = s.get().queryProblems(q);
                if (!problems.isEmpty()) {
                    problems.forEach((k, v) -> err.println("gavel: --query " + k + " " + v));
                    return GavelCli.BAD_INPUT;
                }
                var bar = new ProgressBar(out, pages);
                var summary = runtime.collector()
                        .collect(
                                s.get(),
                                q,
                                0,
                                0,
                                0,
                                pages,
                                (page, of, outcome, stored) -> bar.page(page, outcome, stored));
                bar.done();
                printSummary(out, summary);
                summary.failure().ifPresent(f -> err.println("gavel: stopped at " + f));
                return summary.ok() ? 0 : GavelCli.FAILED;
            });
        }
    }

    static void printSummary(PrintWriter out, MarketCollector.Summary s) {
        out.println("pages:         " + s.pagesDone() + " of " + s.pagesAsked());
        out.println("fetched:       " + s.fetched() + " items");
        out.println("stored:        " + s.changes() + " changes (new, bids, prices, ends), " + s.unchanged()
                + " unchanged");
        if (s.queued() > 0) {
            out.println("queued:        " + s.queued() + " pages wait in Redis for PostgreSQL");
        }
        out.println("rejected:      " + s.rejectedTotal() + (s.rejected().isEmpty() ? "" : " " + s.rejected()));
        out.println("soft failures: " + s.softFailures());
        out.flush();
    }

    /** A one-line bar on a terminal, a line per page otherwise. */
    static final class ProgressBar {
        private final PrintWriter out;
        private final int pages;
        private final boolean terminal = System.console() != null;
        private int items;

        ProgressBar(PrintWriter out, int pages) {
            this.out = out;
            this.pages = pages;
        }

        void page(int page, PageOutcome outcome, Optional<MarketIngest.Stored> stored) {
            if (outcome instanceof PageOutcome.Page p) {
                items += p.listings().size();
            }
            int done = page + 1;
            int width = 24;
            int filled = (int) Math.round(width * (double) done / pages);
            String line = "[" + "#".repeat(filled) + ".".repeat(width - filled) + "] page " + done + "/" + pages + "  "
                    + items + " listings  "
                    + (outcome instanceof PageOutcome.Page ? "" : MarketCollector.describe(outcome));
            if (terminal) {
                out.print("\r" + line);
            } else {
                out.println(line);
            }
            out.flush();
        }

        void done() {
            if (terminal) {
                out.println();
            }
        }
    }

    /** {@code gavel market watch --source m26 --query team=DAL --interval 5s}. */
    @Command(
            name = "watch",
            mixinStandardHelpOptions = true,
            description = {
                "Store a live watch and poll it here until interrupted, printing each change as it is committed.",
                "The watch is checkpointed after each page: --resume ID continues it where it stopped."
            })
    static final class Watch implements Callable<Integer> {
        @ParentCommand
        MarketCommand market;

        @Mixin
        QueryOptions what;

        @Option(
                names = "--interval",
                defaultValue = "5s",
                description = "how often to poll (default: ${DEFAULT-VALUE})")
        String interval;

        @Option(names = "--resume", paramLabel = "ID", description = "continue a stored watch instead of creating one")
        Long resume;

        @Override
        public Integer call() {
            var cli = market.cli;
            var out = cli.spec.commandLine().getOut();
            var err = cli.spec.commandLine().getErr();
            Map<String, String> q = parseQuery(what.query, err);
            if (q == null) {
                return GavelCli.BAD_INPUT;
            }
            Duration every = dev.gavel.server.config.ConfigLoader.parseShortDuration(interval);
            if (every == null || every.isZero() || every.isNegative()) {
                err.println("gavel: --interval " + interval + " is not a duration such as 5s or 1m");
                return GavelCli.BAD_INPUT;
            }
            Consumer<List<ListingDelta>> print = deltas -> {
                for (ListingDelta d : deltas) {
                    var l = d.listing();
                    out.println(d.kind() + " " + l.source() + " " + l.externalId() + " v" + d.version() + " "
                            + l.itemName() + " " + l.state() + " bid "
                            + (l.currentBid().isPresent() ? l.currentBid().getAsLong() : "-")
                            + " buy " + (l.buyNow().isPresent() ? l.buyNow().getAsLong() : "-") + " " + l.currency());
                }
                out.flush();
            };
            return withMarket(cli, true, print, runtime -> {
                dev.gavel.market.watch.Watch w;
                if (resume != null) {
                    var found = runtime.watches().find(resume);
                    if (found.isEmpty()) {
                        err.println("gavel: --resume " + resume + ": no such watch");
                        return GavelCli.BAD_INPUT;
                    }
                    w = found.get();
                    if (!w.active()) {
                        err.println("gavel: --resume " + resume + ": that watch was stopped");
                        return GavelCli.BAD_INPUT;
                    }
                    runtime.runner().orElseThrow().run(w);
                } else {
                    if (source(runtime, what.source, err).isEmpty()) {
                        return GavelCli.BAD_INPUT;
                    }
                    switch (runtime.createWatch(what.source, q, every)) {
                        case MarketRuntime.WatchCreation.Created c -> w = c.watch();
                        case MarketRuntime.WatchCreation.Refused r -> {
                            err.println("gavel: " + r.message());
                            r.problems().forEach((k, v) -> err.println("gavel: " + k + " " + v));
                            return GavelCli.BAD_INPUT;
                        }
                    }
                }
                out.println("watch " + w.id() + ": polling " + w.source() + " " + w.query() + " every "
                        + w.interval().toMillis() / 1000.0 + " s; Ctrl-C stops (resume with --resume " + w.id() + ")");
                out.flush();
                var stop = new CountDownLatch(1);
                var hook = new Thread(stop::countDown);
                Runtime.getRuntime().addShutdownHook(hook);
                try {
                    stop.await();
                } catch (InterruptedException e) {
                    // asked to stop (Ctrl-C in a shell, or an embedding caller): close down cleanly
                    Runtime.getRuntime().removeShutdownHook(hook);
                }
                out.println("watch " + w.id() + " stopped here; it stays stored (resume with --resume " + w.id() + ")");
                return 0;
            });
        }
    }
}
