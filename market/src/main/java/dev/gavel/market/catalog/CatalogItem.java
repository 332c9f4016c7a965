package dev.gavel.market.catalog;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One thing collectors follow: a Pokémon or One Piece card, a Madden Ultimate Team item. {@code
 * externalIds} maps a source ("tcgplayer", "m26") to that source's id of the item.
 */
public record CatalogItem(
        long id,
        Game game,
        Optional<String> setCode,
        Optional<String> setName,
        Optional<String> number,
        String name,
        Optional<String> rarity,
        Map<String, String> externalIds) {
    public CatalogItem {
        Objects.requireNonNull(game, "game");
        Objects.requireNonNull(name, "name");
        externalIds = Map.copyOf(externalIds);
    }
}
