package dev.gavel.market.catalog;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * An item as one source describes it. {@code (source, externalId)} finds it again; for a card first seen
 * from another source, the game, the set's name and the card's number match it to the catalog item the
 * other source already brought (TCGplayer and pokemontcg.io number the same card differently).
 */
public record CatalogEntry(
        Game game,
        String source,
        String externalId,
        Optional<String> setCode,
        Optional<String> setName,
        Optional<LocalDate> setReleased,
        Optional<String> number,
        String name,
        Optional<String> rarity,
        Optional<String> imageUrl) {
    public CatalogEntry {
        Objects.requireNonNull(game, "game");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(externalId, "externalId");
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a catalog entry needs a name");
        }
    }

    /** An entry with only what every source has. */
    public static CatalogEntry of(Game game, String source, String externalId, String name) {
        return new CatalogEntry(
                game,
                source,
                externalId,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                name,
                Optional.empty(),
                Optional.empty());
    }
}
