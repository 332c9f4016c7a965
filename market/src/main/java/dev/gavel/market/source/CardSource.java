package dev.gavel.market.source;

import dev.gavel.market.catalog.CatalogEntry;
import dev.gavel.market.catalog.Game;
import dev.gavel.market.price.PriceQuote;
import dev.gavel.market.strategy.Reject;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A source of card catalog and card prices (TCGplayer, pokemontcg.io, the OPTCG API). Catalog is read in
 * pages by an opaque cursor; prices by the source's ids, at most {@link #priceBatch()} at a time.
 * Implementations sit in {@code sources}, never throw for a failed call (they answer {@link
 * Fetched.Failed}) and are thread-safe.
 */
public interface CardSource {
    /** The short id entries and quotes carry ("tcgplayer", "pokemontcg", "optcg"). */
    String id();

    /** The games this source knows. */
    Set<Game> games();

    /**
     * One page of {@code game}'s catalog, from {@code cursor} (empty for the first page). Sources whose
     * catalog carries prices (pokemontcg.io, OPTCG) answer them in the page's quotes.
     */
    Fetched<CatalogPage> catalog(Game game, Optional<String> cursor);

    /** Current prices of the given cards (the source's ids); a card with no price has no quote. */
    Fetched<List<PriceQuote>> prices(Game game, List<String> externalIds);

    /** How many ids one {@link #prices} call takes at most. */
    int priceBatch();

    /** The source's state for operators: circuit, rate budget, token. */
    SourceHealth health();

    /** A page of catalog: the entries read, their quotes if the source embeds prices, what was refused and why. */
    record CatalogPage(
            List<CatalogEntry> entries, List<PriceQuote> quotes, List<Reject> rejects, Optional<String> next) {
        public CatalogPage {
            entries = List.copyOf(entries);
            quotes = List.copyOf(quotes);
            rejects = List.copyOf(rejects);
        }
    }
}
