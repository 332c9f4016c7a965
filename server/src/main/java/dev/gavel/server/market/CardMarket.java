package dev.gavel.server.market;

import dev.gavel.market.catalog.Game;
import dev.gavel.market.price.PriceQuote;
import dev.gavel.market.source.CardSource;
import dev.gavel.market.source.Fetched;
import dev.gavel.store.market.CardCache;
import dev.gavel.store.market.CardPriceStore;
import dev.gavel.store.market.CatalogStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The card side of market watch: brings each card source's catalog into the catalog and its prices into
 * the price history, and tells the listeners (the alert evaluator) which cards have new prices once they
 * are committed. Cached reads of those cards are dropped in the same step. A failed call stops that run
 * with the reason and keeps everything stored before it. Thread-safe.
 */
public final class CardMarket {
    private static final Logger LOG = LoggerFactory.getLogger(CardMarket.class);

    private final CatalogStore catalog;
    private final CardPriceStore prices;
    private final CardCache cache;
    private final Map<String, CardSource> sources;
    private final Clock clock;
    private final List<Consumer<Set<Long>>> listeners = new CopyOnWriteArrayList<>();

    public CardMarket(
            CatalogStore catalog,
            CardPriceStore prices,
            CardCache cache,
            Map<String, CardSource> sources,
            Clock clock) {
        this.catalog = catalog;
        this.prices = prices;
        this.cache = cache;
        this.sources = Map.copyOf(sources);
        this.clock = clock;
    }

    /** What a catalog sync or a price refresh did, and why it stopped early if it did. */
    public record Run(
            String source,
            Game game,
            int calls,
            int entries,
            int quotes,
            int stored,
            int rejected,
            int unknown,
            Optional<String> failure) {
        public String summary() {
            return "%s %s: %d calls, %d catalog entries, %d quotes (%d new), %d rejected%s"
                    .formatted(
                            source,
                            game.id(),
                            calls,
                            entries,
                            quotes,
                            stored,
                            rejected + unknown,
                            failure.map(f -> "; stopped: " + f).orElse(""));
        }
    }

    /** Calls {@code listener} with the ids of cards whose new prices were just committed. */
    public void onPrices(Consumer<Set<Long>> listener) {
        listeners.add(listener);
    }

    public Map<String, CardSource> sources() {
        return sources;
    }

    public CatalogStore catalog() {
        return catalog;
    }

    public CardPriceStore prices() {
        return prices;
    }

    public CardCache cache() {
        return cache;
    }

    public Clock clock() {
        return clock;
    }

    /**
     * Reads {@code source}'s whole catalog of {@code game} page by page, upserting entries and recording the
     * prices pages carry; {@code progress} hears after each page.
     */
    public Run syncCatalog(CardSource source, Game game, Consumer<Run> progress) {
        var run = new Tally(source.id(), game);
        Optional<String> cursor = Optional.empty();
        while (true) {
            var page = source.catalog(game, cursor);
            run.calls++;
            if (page instanceof Fetched.Failed<CardSource.CatalogPage> failed) {
                run.failure = Optional.of(failed.why().label() + ": " + describe(failed));
                break;
            }
            var ok = ((Fetched.Ok<CardSource.CatalogPage>) page).value();
            catalog.upsertAll(ok.entries());
            run.entries += ok.entries().size();
            run.rejected += ok.rejects().size();
            record(source.id(), ok.quotes(), run);
            progress.accept(run.done());
            if (ok.next().isEmpty()) {
                break;
            }
            cursor = ok.next();
        }
        var done = run.done();
        LOG.info("catalog sync {}", done.summary());
        return done;
    }

    /**
     * Fetches current prices of {@code game}'s cards from {@code source}, in the source's batches: of
     * {@code items} only, or of every card the source knows.
     */
    public Run refreshPrices(CardSource source, Game game, Optional<Collection<Long>> items, Consumer<Run> progress) {
        var run = new Tally(source.id(), game);
        var ids = new ArrayList<>(catalog.sourceIds(source.id(), game, items).values());
        int batch = Math.max(1, source.priceBatch());
        for (int i = 0; i < ids.size(); i += batch) {
            var quotes = source.prices(game, ids.subList(i, Math.min(ids.size(), i + batch)));
            run.calls++;
            if (quotes instanceof Fetched.Failed<List<PriceQuote>> failed) {
                run.failure = Optional.of(failed.why().label() + ": " + describe(failed));
                break;
            }
            record(source.id(), ((Fetched.Ok<List<PriceQuote>>) quotes).value(), run);
            progress.accept(run.done());
        }
        var done = run.done();
        LOG.info("price refresh {}", done.summary());
        return done;
    }

    /** Records quotes of cards {@code catalogSource} brought, drops their cached reads and tells listeners. */
    public CardPriceStore.Recorded record(String catalogSource, List<PriceQuote> quotes) {
        var recorded = prices.record(catalogSource, quotes);
        if (recorded.stored() > 0) {
            try {
                cache.invalidate(recorded.itemIds());
            } catch (RuntimeException e) {
                // the cache lives 10 minutes at most; PostgreSQL has the prices
                LOG.warn(
                        "card cache not invalidated for {} cards: {}",
                        recorded.itemIds().size(),
                        e.getMessage());
            }
            for (var listener : listeners) {
                try {
                    listener.accept(recorded.itemIds());
                } catch (RuntimeException e) {
                    LOG.warn("a price listener failed: {}", e.toString());
                }
            }
        }
        return recorded;
    }

    private void record(String source, List<PriceQuote> quotes, Tally run) {
        if (quotes.isEmpty()) {
            return;
        }
        var recorded = record(source, quotes);
        run.quotes += recorded.quotes();
        run.stored += recorded.stored();
        run.unknown += recorded.unknown();
    }

    /** The cards the hourly job refreshes: the most looked at and those with alerts, at most {@code n}. */
    public Set<Long> popular(int n, Collection<Long> alerted) {
        var out = new LinkedHashSet<Long>(alerted);
        try {
            for (long id : cache.popular(n)) {
                if (out.size() >= n) {
                    break;
                }
                out.add(id);
            }
        } catch (RuntimeException e) {
            LOG.debug("card views unavailable: {}", e.getMessage());
        }
        return out;
    }

    private static String describe(Fetched.Failed<?> failed) {
        return switch (failed.why()) {
            case dev.gavel.market.strategy.PageOutcome.Unavailable u -> u.message();
            case dev.gavel.market.strategy.PageOutcome.SourceError e -> e.name() + " " + e.message();
            case dev.gavel.market.strategy.PageOutcome.Malformed m -> m.reason();
            case dev.gavel.market.strategy.PageOutcome.Drift d -> String.join("; ", d.reasons());
            case dev.gavel.market.strategy.PageOutcome.SoftFailure s -> s.message();
            case dev.gavel.market.strategy.PageOutcome.Captcha c -> "captcha";
            case dev.gavel.market.strategy.PageOutcome.Page p -> "page";
        };
    }

    private static final class Tally {
        final String source;
        final Game game;
        int calls;
        int entries;
        int quotes;
        int stored;
        int rejected;
        int unknown;
        Optional<String> failure = Optional.empty();

        Tally(String source, Game game) {
            this.source = source;
            this.game = game;
        }

        Run done() {
            return new Run(source, game, calls, entries, quotes, stored, rejected, unknown, failure);
        }
    }
}
