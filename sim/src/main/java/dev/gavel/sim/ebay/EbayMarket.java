package dev.gavel.sim.ebay;

import dev.gavel.sim.cards.DemoCards;
import dev.gavel.sim.cards.DemoCards.Card;
import java.text.Normalizer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.regex.Pattern;

/**
 * The eBay listings of the demo card world at any instant, as a pure function of the seed, the world and the
 * time: {@code slots} listings are up at every moment; each slot runs one listing after another (auctions
 * of 1 to 10 days, or fixed-price listings of 30 days), each new listing of a card picked by the seed, priced
 * from the card's market price when it was listed. Auction bids arrive at set times, most near the end, each
 * above the last by eBay's bid increment; an auction's buy-it-now price goes away with its first bid. Asking
 * twice for the same instant gives the same listings, on any thread.
 */
final class EbayMarket {
    /** Where slot clocks start: before any instant a demo or test uses. */
    private static final Instant ORIGIN = Instant.parse("2020-01-01T00:00:00Z");

    private static final int[] AUCTION_DAYS = {1, 3, 5, 7, 10};
    private static final List<String> SELLERS = List.of(
            "cardvault",
            "pallet_town_tcg",
            "grailhunter",
            "mintcondition",
            "slabsandsleeves",
            "tcg_corner",
            "gottacatchem_cards",
            "grandline_breaks",
            "oceanside_collectibles",
            "topdeck_traders");
    private static final List<String> GRADES = List.of("PSA 10", "PSA 9", "CGC 9.5", "BGS 9.5");

    /** One bid: when it came and what the auction stood at after it. */
    record Bid(Instant at, long cents) {}

    /** A listing over its whole life; {@link #bidsAt}, {@link #currentBid} and {@link #price} read it at one instant. */
    record Offer(
            long legacyId,
            Card card,
            String title,
            Optional<String> grade,
            boolean auction,
            boolean buyItNow,
            boolean bestOffer,
            Instant listedAt,
            Instant endsAt,
            long startCents,
            long fixedCents,
            long shippingCents,
            String seller,
            int feedbackScore,
            String feedbackPercentage,
            List<Bid> bids,
            Set<String> titleWords) {

        String itemId() {
            return "v1|" + legacyId + "|0";
        }

        boolean liveAt(Instant t) {
            return !t.isBefore(listedAt) && t.isBefore(endsAt);
        }

        int bidsAt(Instant t) {
            int n = 0;
            for (Bid b : bids) {
                if (!b.at().isAfter(t)) {
                    n++;
                }
            }
            return n;
        }

        /** The auction's standing price: the opening bid before the first bid. Empty for fixed-price listings. */
        OptionalLong currentBid(Instant t) {
            if (!auction) {
                return OptionalLong.empty();
            }
            int n = bidsAt(t);
            return OptionalLong.of(n == 0 ? startCents : bids.get(n - 1).cents());
        }

        /** The fixed or buy-it-now price; an auction's buy-it-now goes with its first bid. */
        OptionalLong price(Instant t) {
            if (!auction) {
                return OptionalLong.of(fixedCents);
            }
            return buyItNow && bidsAt(t) == 0 ? OptionalLong.of(fixedCents) : OptionalLong.empty();
        }

        /** eBay's buying options at {@code t}, in its words. */
        List<String> buyingOptions(Instant t) {
            var options = new ArrayList<String>();
            if (auction) {
                options.add("AUCTION");
            }
            if (price(t).isPresent()) {
                options.add("FIXED_PRICE");
            }
            if (bestOffer) {
                options.add("BEST_OFFER");
            }
            return options;
        }

        /** The price a buyer sees and the price filter tests: the current bid of an auction, else the price. */
        long shownPrice(Instant t) {
            return auction ? currentBid(t).getAsLong() : fixedCents;
        }
    }

    private final long seed;
    private final DemoCards world;
    private final int slots;
    private final boolean[] auctions;
    private final long[] durations;
    private final long[] phases;
    /** The last listing made for each slot: listings are pure, so this only saves making one again. */
    private final AtomicReferenceArray<Offer> latest;

    EbayMarket(long seed, DemoCards world, int slots) {
        if (slots < 1 || slots >= 100_000) {
            throw new IllegalArgumentException("slots must be from 1 to 99,999, got " + slots);
        }
        if (world.cards().isEmpty()) {
            throw new IllegalArgumentException("the card world has no cards to list");
        }
        this.seed = seed;
        this.world = world;
        this.slots = slots;
        this.auctions = new boolean[slots];
        this.durations = new long[slots];
        this.phases = new long[slots];
        this.latest = new AtomicReferenceArray<>(slots);
        for (int slot = 0; slot < slots; slot++) {
            var r = new SplittableRandom(seed ^ (slot * 0x9E37_79B9_7F4A_7C15L) ^ 0x6562_6179L);
            auctions[slot] = r.nextInt(100) < 45;
            durations[slot] = Duration.ofDays(auctions[slot] ? AUCTION_DAYS[r.nextInt(AUCTION_DAYS.length)] : 30)
                    .toSeconds();
            phases[slot] = r.nextLong(durations[slot]);
        }
    }

    /** Every listing up at {@code t}, by slot. */
    List<Offer> live(Instant t) {
        var out = new ArrayList<Offer>(slots);
        for (int slot = 0; slot < slots; slot++) {
            out.add(at(slot, t));
        }
        return out;
    }

    /** The listing of {@code slot} up at {@code t}. */
    Offer at(int slot, Instant t) {
        long duration = durations[slot];
        long since = t.getEpochSecond() - ORIGIN.getEpochSecond() - phases[slot];
        long generation = Math.floorDiv(since, duration);
        Instant listedAt = ORIGIN.plusSeconds(phases[slot] + generation * duration);
        Offer last = latest.get(slot);
        if (last != null && last.listedAt().equals(listedAt)) {
            return last;
        }
        Offer made = offer(slot, generation, auctions[slot], listedAt, listedAt.plusSeconds(duration));
        latest.set(slot, made);
        return made;
    }

    private Offer offer(int slot, long generation, boolean auction, Instant listedAt, Instant endsAt) {
        var r = new SplittableRandom(seed * 31 + generation * 1_000_003L + slot);
        Card card = world.cards().get(r.nextInt(world.cards().size()));
        String printing = card.printings().get(r.nextInt(card.printings().size()));
        Optional<String> grade =
                r.nextInt(10) == 0 ? Optional.of(GRADES.get(r.nextInt(GRADES.size()))) : Optional.empty();
        double gradeFactor = grade.map(g -> g.endsWith("10") ? 4.0 : 2.0).orElse(1.0);
        long value = Math.max(50, Math.round(world.market(card, printing, listedAt, listedAt) * gradeFactor));
        String title = title(card, printing, grade, r);
        long shipping = r.nextInt(100) < 40 ? 0 : 99 + r.nextInt(5) * 100L;
        String seller =
                SELLERS.get(r.nextInt(SELLERS.size())) + (r.nextBoolean() ? "" : Integer.toString(r.nextInt(100)));
        int feedback = 5 + r.nextInt(20_000);
        int tenths = 970 + r.nextInt(31);
        String percentage = tenths / 10 + "." + tenths % 10;
        long legacyId = 110_000_000_000L + generation * 100_000L + slot;
        if (!auction) {
            long price = ninetyNine(value * (1.0 + r.nextDouble() * 0.35));
            return new Offer(
                    legacyId,
                    card,
                    title,
                    grade,
                    false,
                    false,
                    r.nextInt(100) < 30,
                    listedAt,
                    endsAt,
                    0,
                    price,
                    shipping,
                    seller,
                    feedback,
                    percentage,
                    List.of(),
                    Set.copyOf(words(title)));
        }
        long start = Math.max(99, ninetyNine(value * (0.3 + r.nextDouble() * 0.4)));
        boolean buyItNow = r.nextInt(100) < 20;
        long bin = buyItNow ? Math.max(start + 100, ninetyNine(value * 1.25)) : 0;
        int count = r.nextInt(100) < 15 ? 0 : 1 + r.nextInt(14);
        long target = Math.max(start, Math.round(value * (0.75 + r.nextDouble() * 0.35)));
        double[] fractions = new double[count];
        for (int i = 0; i < count; i++) {
            double u = r.nextDouble();
            fractions[i] = 1 - Math.pow(1 - u, 3) * 0.98; // most bids near the end, none in the first moments
        }
        Arrays.sort(fractions);
        long length = endsAt.getEpochSecond() - listedAt.getEpochSecond();
        var bids = new ArrayList<Bid>(count);
        long standing = start;
        for (int i = 0; i < count; i++) {
            // sorted fractions below 1: bid times never go back and all fall before the end
            long at = listedAt.getEpochSecond() + 1 + (long) (fractions[i] * (length - 2));
            long toward = start + Math.round((target - start) * Math.pow((i + 1.0) / count, 1.5));
            long next = i == 0 ? start : Math.max(toward, standing + increment(standing));
            bids.add(new Bid(Instant.ofEpochSecond(at), next));
            standing = next;
        }
        return new Offer(
                legacyId,
                card,
                title,
                grade,
                true,
                buyItNow,
                false,
                listedAt,
                endsAt,
                start,
                bin,
                shipping,
                seller,
                feedback,
                percentage,
                List.copyOf(bids),
                Set.copyOf(words(title)));
    }

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern NON_WORD = Pattern.compile("[^a-z0-9]+");

    /** The words of a text as the search matches them: lower case, without accents, letters and digits only. */
    static List<String> words(String text) {
        String folded = Normalizer.normalize(text, Normalizer.Form.NFD)
                .replaceAll("\\p{M}+", "")
                .toLowerCase(Locale.ROOT);
        return Arrays.stream(folded.split("[^a-z0-9]+"))
                .filter(w -> !w.isEmpty())
                .toList();
    }

    /** eBay's US bid increment at a standing price. */
    static long increment(long cents) {
        if (cents < 100) {
            return 5;
        } else if (cents < 500) {
            return 25;
        } else if (cents < 2_500) {
            return 50;
        } else if (cents < 10_000) {
            return 100;
        } else if (cents < 25_000) {
            return 250;
        } else if (cents < 50_000) {
            return 500;
        }
        return 1_000;
    }

    /** A price in whole dollars and 99 cents, as sellers like them. */
    private static long ninetyNine(double cents) {
        return Math.max(99, (long) Math.floor(cents / 100) * 100 + 99);
    }

    private static String title(Card card, String printing, Optional<String> grade, SplittableRandom r) {
        var t = new StringBuilder();
        grade.ifPresent(g -> t.append(g).append(' '));
        t.append(card.name()).append(' ').append(card.number());
        if (card.pokemon()) {
            t.append(' ').append(card.set().name());
            if (printing.equals("Reverse Holofoil")) {
                t.append(" Reverse Holo");
            }
            t.append(" Pokemon");
        } else {
            t.append(' ').append(card.rarity()).append(' ').append(card.set().name());
            if (printing.equals("Foil")) {
                t.append(" Foil");
            }
            t.append(" One Piece TCG");
        }
        if (grade.isEmpty()) {
            t.append(' ').append(List.of("NM", "NM", "Near Mint", "LP").get(r.nextInt(4)));
        }
        return t.length() <= 80 ? t.toString() : t.substring(0, 80).strip();
    }
}
