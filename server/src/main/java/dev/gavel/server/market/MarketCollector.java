package dev.gavel.server.market;

import dev.gavel.market.source.MarketSource;
import dev.gavel.market.strategy.PageOutcome;
import dev.gavel.market.strategy.Reject;
import dev.gavel.market.watch.Checkpoint;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Runs a query against a source page by page and hands each page to the {@link MarketIngest}: the batch
 * run behind {@code gavel market collect} and one poll of a live watch. A page that is not a page (a soft
 * failure, a captcha, an open circuit, drift) ends the run there; nothing of it is stored. Thread-safe.
 */
public final class MarketCollector {
    /** Told after each page, for progress bars and logs. */
    public interface Progress {
        void page(int page, int pages, PageOutcome outcome, Optional<MarketIngest.Stored> stored);
    }

    /**
     * What a run came to. {@code failure} is set when it stopped early, saying why; {@code lastCheckpoint} is
     * the checkpoint of the last page committed or queued.
     */
    public record Summary(
            int pagesDone,
            int pagesAsked,
            int fetched,
            int changes,
            int unchanged,
            int queued,
            Map<String, Integer> rejected,
            int softFailures,
            Optional<String> failure,
            Optional<Checkpoint> lastCheckpoint) {
        public int rejectedTotal() {
            return rejected.values().stream().mapToInt(Integer::intValue).sum();
        }

        public boolean ok() {
            return failure.isEmpty();
        }
    }

    private final MarketIngest ingest;
    private final Clock clock;

    public MarketCollector(MarketIngest ingest, Clock clock) {
        this.ingest = ingest;
        this.clock = clock;
    }

    /**
     * Collects pages {@code firstPage} to {@code pages - 1} of {@code query}. With a {@code watchId}, every
     * committed page carries the checkpoint that follows it (watch id 0: a batch run, no checkpoint).
     */
    public Summary collect(
            MarketSource source,
            Map<String, String> query,
            long watchId,
            long cycle,
            int firstPage,
            int pages,
            Progress progress) {
        var tally = new Tally(pages - firstPage);
        for (int page = firstPage; page < pages; page++) {
            PageOutcome outcome = source.search(query, page);
            if (!(outcome instanceof PageOutcome.Page p)) {
                if (outcome instanceof PageOutcome.SoftFailure) {
                    tally.soft++;
                }
                progress.page(page, pages, outcome, Optional.empty());
                return tally.summary(Optional.of("page " + (page + 1) + ": " + describe(outcome)));
            }
            tally.fetched += p.listings().size() + p.rejects().size();
            for (Reject r : p.rejects()) {
                r.reasons()
                        .forEach((field, why) -> tally.rejected.merge(field + " " + reasonKind(why), 1, Integer::sum));
            }
            boolean last = page + 1 >= pages || !p.more();
            Optional<Checkpoint> checkpoint = watchId == 0
                    ? Optional.empty()
                    : Optional.of(
                            new Checkpoint(watchId, last ? cycle + 1 : cycle, last ? 0 : page + 1, clock.instant()));
            var stored = ingest.ingest(source.id(), watchId, p.listings(), checkpoint);
            switch (stored) {
                case MarketIngest.Stored.Committed c -> {
                    tally.changes += c.result().deltas().size();
                    tally.unchanged += c.result().unchanged();
                }
                case MarketIngest.Stored.Queued q -> tally.queued++;
                case MarketIngest.Stored.Refused r -> {
                    progress.page(page, pages, outcome, Optional.empty());
                    return tally.summary(Optional.of("page " + (page + 1) + " was not stored: " + r.reason()));
                }
            }
            tally.reached = checkpoint;
            tally.done++;
            progress.page(page, pages, outcome, Optional.of(stored));
            if (last) {
                break;
            }
        }
        return tally.summary(Optional.empty());
    }

    /** The counts of one run as it goes. */
    private static final class Tally {
        final int asked;
        int fetched;
        int changes;
        int unchanged;
        int queued;
        int soft;
        int done;
        final TreeMap<String, Integer> rejected = new TreeMap<>();
        Optional<Checkpoint> reached = Optional.empty();

        Tally(int asked) {
            this.asked = asked;
        }

        Summary summary(Optional<String> failure) {
            return new Summary(done, asked, fetched, changes, unchanged, queued, rejected, soft, failure, reached);
        }
    }

    /** A reason without the value in it: "is negative: -5" → "is negative". */
    static String reasonKind(String why) {
        int cut = why.length();
        for (char c : new char[] {':', '(', '\''}) {
            int i = why.indexOf(c);
            if (i > 0 && i < cut) {
                cut = i;
            }
        }
        return why.substring(0, cut).strip();
    }

    /** One line for a person: what happened and what Gavel does about it. */
    public static String describe(PageOutcome outcome) {
        return switch (outcome) {
            case PageOutcome.Page p -> p.listings().size() + " listings (" + p.strategy() + ")";
            case PageOutcome.SoftFailure s ->
                "soft failure (uiErrorCode " + s.code() + ": " + s.message() + "); not taken as an empty market";
            case PageOutcome.Captcha c -> "captcha: the account is stopped until a person solves it and re-imports";
            case PageOutcome.SourceError e -> "the source's error " + e.name() + " " + e.code() + ": " + e.message();
            case PageOutcome.Drift d ->
                "the answer fits no response strategy (schema drift): " + String.join("; ", d.reasons());
            case PageOutcome.Malformed m -> "malformed answer: " + m.reason();
            case PageOutcome.Unavailable u ->
                u.failure().name().toLowerCase(java.util.Locale.ROOT) + ": " + u.message();
        };
    }
}
