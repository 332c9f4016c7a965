package dev.gavel.sim.cards;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A seeded catalog of Pokémon and One Piece cards and the prices they would have at any instant. The same
 * seed and sizes give the same cards, ids and prices on every machine, so every simulator (TCGplayer,
 * pokemontcg.io, OPTCG, eBay) describes one world and a card matches across sources by set and number.
 * Prices are a pure function of the card, the printing and the time: a daily drift and swing, an hourly
 * wobble, and a few "movers" that rise or fall hard over the last weeks so trending has something to show.
 * Immutable and thread-safe.
 */
public final class DemoCards {
    /** TCGplayer's category ids. */
    public static final int POKEMON_CATEGORY = 3;

    public static final int ONE_PIECE_CATEGORY = 68;

    /** A game's set: its TCGplayer group, the code pokemontcg.io or OPTCG use, its name and release day. */
    public record CardSet(
            int category, int groupId, String code, String abbreviation, String name, LocalDate releasedOn, int size) {}

    /**
     * A card: its TCGplayer product id, its set, number ("199/165", "OP01-001"), name, rarity, printings
     * (TCGplayer sub-types) and the market price of its first printing at {@link DemoCards#EPOCH}.
     */
    public record Card(
            int productId,
            CardSet set,
            String number,
            String name,
            String rarity,
            List<String> printings,
            long baseCents,
            double drift,
            double swing,
            double phase,
            double moverSlope) {
        /** pokemontcg.io's id ("sv6-199") or OPTCG's ("OP01-001"). */
        public String sourceId() {
            return set.category == POKEMON_CATEGORY
                    ? set.code + "-" + number.substring(0, number.indexOf('/'))
                    : number;
        }

        public String cleanName() {
            return name.replaceAll("[^A-Za-z0-9 ]", "");
        }

        public boolean pokemon() {
            return set.category == POKEMON_CATEGORY;
        }
    }

    /** TCGplayer's price kinds of one printing at one time; absent ones are nulls on the wire. */
    public record Prices(
            Optional<Long> low, Optional<Long> mid, Optional<Long> high, long market, Optional<Long> directLow) {}

    /** Day 0 of every price path. */
    public static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    private static final List<CardSet> POKEMON_SETS = List.of(
            new CardSet(3, 23228, "sv3pt5", "MEW", "Scarlet & Violet 151", LocalDate.of(2023, 9, 22), 207),
            new CardSet(3, 23286, "sv4pt5", "PAF", "Paldean Fates", LocalDate.of(2024, 1, 26), 245),
            new CardSet(3, 23473, "sv6", "TWM", "Twilight Masquerade", LocalDate.of(2024, 5, 24), 226),
            new CardSet(3, 23651, "sv8", "SSP", "Surging Sparks", LocalDate.of(2024, 11, 8), 252),
            new CardSet(3, 23821, "sv9", "JTG", "Journey Together", LocalDate.of(2025, 3, 28), 190));
    private static final List<CardSet> ONE_PIECE_SETS = List.of(
            new CardSet(68, 3188, "OP01", "OP01", "Romance Dawn", LocalDate.of(2022, 12, 2), 121),
            new CardSet(68, 17675, "OP02", "OP02", "Paramount War", LocalDate.of(2023, 3, 10), 121),
            new CardSet(68, 22890, "OP03", "OP03", "Pillars of Strength", LocalDate.of(2023, 6, 30), 127),
            new CardSet(68, 23213, "OP04", "OP04", "Kingdoms of Intrigue", LocalDate.of(2023, 9, 22), 121));
    private static final List<String> POKEMON = List.of(
            "Charizard",
            "Pikachu",
            "Mewtwo",
            "Gengar",
            "Eevee",
            "Umbreon",
            "Sylveon",
            "Greninja",
            "Lugia",
            "Rayquaza",
            "Gardevoir",
            "Lucario",
            "Snorlax",
            "Dragonite",
            "Mew",
            "Blastoise",
            "Venusaur",
            "Flabébé",
            "Bulbasaur",
            "Squirtle",
            "Jigglypuff",
            "Alakazam",
            "Machamp",
            "Gyarados",
            "Lapras",
            "Vaporeon",
            "Jolteon",
            "Flareon",
            "Espeon",
            "Tyranitar",
            "Scizor",
            "Garchomp",
            "Zoroark",
            "Dragapult",
            "Iron Valiant",
            "Roaring Moon",
            "Miraidon",
            "Koraidon",
            "Terapagos",
            "Ogerpon");
    private static final List<String> POKEMON_SUFFIX = List.of("", "", " ex", " ex", " V", "");
    private static final List<String> POKEMON_RARITY =
            List.of("Common", "Uncommon", "Rare", "Double Rare", "Illustration Rare", "Special Illustration Rare");
    private static final List<String> ONE_PIECE = List.of(
            "Monkey.D.Luffy",
            "Roronoa Zoro",
            "Nami",
            "Usopp",
            "Sanji",
            "Tony Tony.Chopper",
            "Nico Robin",
            "Franky",
            "Brook",
            "Jinbe",
            "Trafalgar Law",
            "Eustass\"Captain\"Kid",
            "Portgas.D.Ace",
            "Shanks",
            "Boa Hancock",
            "Yamato",
            "Kaido",
            "Charlotte Linlin",
            "Sabo",
            "Koby",
            "Kuzan",
            "Donquixote Doflamingo");
    private static final List<String> ONE_PIECE_RARITY = List.of("C", "UC", "R", "SR", "SEC", "L");

    private final List<Card> cards;
    private final Map<Integer, Card> byProduct = new LinkedHashMap<>();
    private final Map<String, Card> bySourceId = new LinkedHashMap<>();

    private DemoCards(List<Card> cards) {
        this.cards = Collections.unmodifiableList(cards);
        for (Card c : cards) {
            byProduct.put(c.productId(), c);
            bySourceId.put(c.sourceId(), c);
        }
    }

    /** {@code pokemon} Pokémon cards and {@code onePiece} One Piece cards, spread over their sets. */
    public static DemoCards generate(long seed, int pokemon, int onePiece) {
        var random = new SplittableRandom(seed);
        var cards = new ArrayList<Card>(pokemon + onePiece);
        int product = 500_000;
        for (int i = 0; i < pokemon; i++) {
            CardSet set = POKEMON_SETS.get(i % POKEMON_SETS.size());
            int n = i / POKEMON_SETS.size() + 1;
            String name = POKEMON.get(random.nextInt(POKEMON.size()))
                    + POKEMON_SUFFIX.get(random.nextInt(POKEMON_SUFFIX.size()));
            int rarity = Math.min(POKEMON_RARITY.size() - 1, (int) Math.floor(Math.pow(random.nextDouble(), 2.2) * 6));
            List<String> printings = rarity <= 1
                    ? List.of("Normal", "Reverse Holofoil")
                    : rarity == 2 ? List.of("Holofoil", "Reverse Holofoil") : List.of("Holofoil");
            cards.add(card(
                    random, ++product, set, n + "/" + set.size(), name, POKEMON_RARITY.get(rarity), rarity, printings));
        }
        for (int i = 0; i < onePiece; i++) {
            CardSet set = ONE_PIECE_SETS.get(i % ONE_PIECE_SETS.size());
            int n = i / ONE_PIECE_SETS.size() + 1;
            String name = ONE_PIECE.get(random.nextInt(ONE_PIECE.size()));
            int rarity =
                    Math.min(ONE_PIECE_RARITY.size() - 1, (int) Math.floor(Math.pow(random.nextDouble(), 2.2) * 6));
            List<String> printings = rarity >= 3 ? List.of("Normal", "Foil") : List.of("Normal");
            cards.add(card(
                    random,
                    ++product,
                    set,
                    "%s-%03d".formatted(set.code(), n),
                    name,
                    ONE_PIECE_RARITY.get(rarity),
                    rarity,
                    printings));
        }
        return new DemoCards(cards);
    }

    private static Card card(
            SplittableRandom random,
            int product,
            CardSet set,
            String number,
            String name,
            String rarity,
            int rarityRank,
            List<String> printings) {
        long base = Math.round(Math.pow(10, 1.2 + rarityRank * 0.55 + random.nextDouble() * 0.6));
        double drift = (random.nextDouble() - 0.5) * 0.002;
        double swing = 0.02 + random.nextDouble() * 0.08;
        double phase = random.nextDouble() * Math.PI * 2;
        // one card in twenty is a mover: a strong rise or fall over the last weeks
        double mover =
                random.nextInt(20) == 0 ? (random.nextBoolean() ? 1 : -1) * (0.03 + random.nextDouble() * 0.03) : 0;
        return new Card(product, set, number, name, rarity, printings, base, drift, swing, phase, mover);
    }

    public List<Card> cards() {
        return cards;
    }

    public List<CardSet> sets(int category) {
        return category == POKEMON_CATEGORY
                ? POKEMON_SETS
                : category == ONE_PIECE_CATEGORY ? ONE_PIECE_SETS : List.of();
    }

    public Optional<Card> byProductId(int productId) {
        return Optional.ofNullable(byProduct.get(productId));
    }

    /** By pokemontcg.io's or OPTCG's id. */
    public Optional<Card> bySourceId(String id) {
        return Optional.ofNullable(bySourceId.get(id));
    }

    /** The cards of one TCGplayer group (set), in number order. */
    public List<Card> inGroup(int groupId) {
        return cards.stream().filter(c -> c.set().groupId() == groupId).toList();
    }

    /**
     * The market price in cents of {@code printing} of {@code card} at {@code at}: later printings are
     * dearer (reverse holo ×1.3, foil ×1.8), movers move over the 21 days before {@code now}.
     */
    public long market(Card card, String printing, Instant at, Instant now) {
        double days = (at.getEpochSecond() - EPOCH.getEpochSecond()) / 86_400.0;
        double value = card.baseCents()
                * Math.exp(card.drift() * days)
                * (1 + card.swing() * Math.sin(2 * Math.PI * days / 30 + card.phase()))
                * (1 + 0.01 * Math.sin(2 * Math.PI * days * 24 / 7 + card.phase() * 3));
        if (card.moverSlope() != 0) {
            double sinceStart = days - ((now.getEpochSecond() - EPOCH.getEpochSecond()) / 86_400.0 - 21);
            value *= Math.exp(card.moverSlope() * Math.max(0, Math.min(21, sinceStart)));
        }
        int idx = Math.max(0, card.printings().indexOf(printing));
        double factor =
                switch (card.printings().get(idx)) {
                    case "Reverse Holofoil" -> 1.3;
                    case "Foil" -> 1.8;
                    default -> 1.0;
                };
        return Math.max(1, Math.round(value * factor));
    }

    /** All of TCGplayer's price kinds of a printing at {@code at}; some cards have no direct-low or no mid. */
    public Prices prices(Card card, String printing, Instant at, Instant now) {
        long market = market(card, printing, at, now);
        boolean sparse = card.productId() % 7 == 0;
        return new Prices(
                Optional.of(Math.max(1, Math.round(market * 0.82))),
                sparse ? Optional.empty() : Optional.of(Math.round(market * 0.97)),
                Optional.of(Math.round(market * 1.65)),
                market,
                card.productId() % 3 == 0 ? Optional.empty() : Optional.of(Math.round(market * 0.9)));
    }
}
