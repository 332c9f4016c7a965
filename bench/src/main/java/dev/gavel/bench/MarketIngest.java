package dev.gavel.bench;

import dev.gavel.market.listing.Currency;
import dev.gavel.market.listing.Listing;
import dev.gavel.market.listing.ListingState;
import dev.gavel.market.strategy.PageOutcome;
import dev.gavel.market.strategy.ResponseStrategies;
import dev.gavel.sources.m26.M26Templates;
import dev.gavel.store.Database;
import dev.gavel.store.market.MarketStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;

/**
 * Listings ingested per second through the COPY path ({@link MarketStore#ingest}: COPY into staging,
 * previous rows read for deltas, INSERT … ON CONFLICT, price points and deltas appended, in one
 * transaction), next to the raw limit measured in the same run: a bare COPY of the same rows into the same
 * {@code listings} table ({@link MarketStore#copyRaw}). Three passes: new listings (every row a NEW delta
 * and a price point), the same rows again (nothing changed: the read-and-compare cost alone) and one bid on
 * every row (every row a NEW_BID). Also: normalizing M26 answers (JSON text to listings) per second.
 * Servers: see {@link BenchServers}. Arguments: rows (default 200000), rows per transaction (1000).
 */
public final class MarketIngest {
    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        try (var servers = new BenchServers()) {
            var database = servers.freshDatabase();
            var clock = Clock.systemUTC();
            var store = new MarketStore(database.jdbi(), clock);
            System.out.printf(
                    "machine: %d cores, %s, %s; %d rows in transactions of %d%n",
                    Runtime.getRuntime().availableProcessors(),
                    System.getProperty("os.name"),
                    Runtime.version(),
                    rows,
                    batch);

            Instant t0 = clock.instant();
            List<Listing> fresh = listings(rows, t0, 0);
            List<Listing> bid = listings(rows, t0.plusSeconds(5), 1);

            for (int round = 1; round <= 2; round++) {
                truncate(database);
                double raw = rate(rows, () -> {
                    for (int i = 0; i < rows; i += batch) {
                        store.copyRaw(fresh.subList(i, Math.min(rows, i + batch)));
                    }
                });
                truncate(database);
                double ingestNew = rate(rows, () -> ingestAll(store, fresh, batch));
                double ingestSame = rate(rows, () -> ingestAll(store, fresh, batch));
                double ingestBid = rate(rows, () -> ingestAll(store, bid, batch));
                System.out.printf(
                        "round %d: raw COPY %,.0f rows/s | ingest new %,.0f/s (%.0f %% of raw) | unchanged %,.0f/s (%.0f %%)"
                                + " | one bid each %,.0f/s (%.0f %%)%n",
                        round,
                        raw,
                        ingestNew,
                        100 * ingestNew / raw,
                        ingestSame,
                        100 * ingestSame / raw,
                        ingestBid,
                        100 * ingestBid / raw);
            }
            long deltas = store.deltaCount("m26");
            System.out.printf(
                    "deltas stored: %,d (expected %,d: one NEW and one NEW_BID per row)%n", deltas, 2L * rows);

            // normalization: M26 answers of 20 items, JSON text to listings
            ResponseStrategies strategies = M26Templates.shipped().strategies();
            String page = m26Page(20);
            int pages = 50_000;
            for (int warm = 0; warm < 5_000; warm++) {
                strategies.read(page, t0);
            }
            long start = System.nanoTime();
            long items = 0;
            for (int i = 0; i < pages; i++) {
                var outcome = strategies.read(page, t0);
                items += ((PageOutcome.Page) outcome).listings().size();
            }
            double secs = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                    "normalize: %,.0f M26 items/s (%,.0f pages of 20/s) on one thread%n", items / secs, pages / secs);
        }
    }

    private static void ingestAll(MarketStore store, List<Listing> rows, int batch) {
        for (int i = 0; i < rows.size(); i += batch) {
            store.ingest("m26", rows.subList(i, Math.min(rows.size(), i + batch)), Optional.empty());
        }
    }

    private static double rate(int rows, Runnable work) {
        long start = System.nanoTime();
        work.run();
        return rows / ((System.nanoTime() - start) / 1e9);
    }

    private static void truncate(Database database) {
        database.jdbi().useHandle(h -> h.execute("TRUNCATE listings, price_points, listing_deltas"));
    }

    private static List<Listing> listings(int n, Instant at, int bids) {
        var random = new SplittableRandom(26);
        var out = new ArrayList<Listing>(n);
        for (int i = 0; i < n; i++) {
            long start = 1_000 + random.nextInt(50_000);
            out.add(new Listing(
                    "m26",
                    Long.toString(400_000_000L + i),
                    Long.toString(10_000 + random.nextInt(500)),
                    "Player " + (i % 997) + " Name\t" + (i % 7 == 0 ? "\\ \"quoted\"" : ""),
                    ListingState.ACTIVE,
                    Currency.COINS,
                    bids == 0 ? OptionalLong.empty() : OptionalLong.of(start + 100),
                    OptionalLong.of(start * 3),
                    OptionalLong.of(start),
                    bids,
                    at.plusSeconds(600 + random.nextInt(3_000)),
                    at));
        }
        return out;
    }

    private static String m26Page(int n) {
        var sb = new StringBuilder("{\"responseInfo\":{\"value\":{\"details\":[");
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"auctionId\":")
                    .append(500_000 + i)
                    .append(",\"auctionStatus\":\"AUCTIONSTATUS_ACTIVE\",\"buyoutPrice\":45000,\"currentBid\":12000,")
                    .append("\"nextBid\":12500,\"numberOfBids\":3,\"postingTime\":1764700000,\"secondsRemaining\":")
                    .append(300 + i)
                    .append(",\"sellerId\":77,\"buyerId\":0,\"medianAuctionPrice\":14000,\"minListingPrice\":9000,")
                    .append("\"maxListingPrice\":60000,\"medianListingPrice\":15000,\"card\":{\"cardId\":")
                    .append(30_000 + i)
                    .append(",\"cardInstanceId\":9,\"firstName\":\"Micah\",\"secondName\":\"Parsons\",\"teamId\":9,")
                    .append(
                            "\"cardAssetType\":\"PLAYER\",\"program\":{\"programId\":3,\"programName\":\"Team Diamonds\"},")
                    .append("\"ovr\":95,\"isAuctionable\":true}}");
        }
        return sb.append(
                        "],\"responseData\":{\"uiErrorCode\":0,\"message\":\"\",\"captchaGuid\":null,\"captchaUrl\":null},")
                .append("\"truncated\":true}}}")
                .toString();
    }
}
