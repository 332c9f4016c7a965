package dev.gavel.market.strategy;

import dev.gavel.market.listing.Listing;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** What one marketplace call came to. Only a {@link Page} carries listings to store. */
public sealed interface PageOutcome {

    /** A page read by {@code strategy}: the listings, the items rejected and why, and whether more follow. */
    record Page(String strategy, List<Listing> listings, List<Reject> rejects, boolean more) implements PageOutcome {
        public Page {
            listings = List.copyOf(listings);
            rejects = List.copyOf(rejects);
        }
    }

    /** The marketplace answered but declined ({@code uiErrorCode != 0}, no items): not an empty market. */
    record SoftFailure(String strategy, int code, String message) implements PageOutcome {}

    /** The marketplace wants a person to solve a captcha: the account that got it must stop. */
    record Captcha(String guid, String url) implements PageOutcome {}

    /** The marketplace answered with its own error object (Blaze {@code {"error":{…}}}). */
    record SourceError(String name, String code, String message) implements PageOutcome {}

    /** No strategy fitted the answer: the schema has drifted. {@code reasons} says why, per strategy. */
    record Drift(List<String> reasons) implements PageOutcome {
        public Drift {
            reasons = List.copyOf(reasons);
        }
    }

    /** The answer was not JSON. */
    record Malformed(String reason) implements PageOutcome {}

    /** The call was not made, or failed on the way: see {@link Failure}. */
    record Unavailable(Failure failure, String message, Optional<Duration> retryAfter) implements PageOutcome {}

    /** Why a call did not produce an answer to read. */
    enum Failure {
        NO_CREDENTIAL,
        UNAUTHORIZED,
        /** The source answered 429. */
        RATE_LIMITED,
        /** Gavel's own rate limiter did not grant a call in time. */
        THROTTLED,
        CIRCUIT_OPEN,
        SERVER_ERROR,
        TIMEOUT,
        TRANSPORT,
        HTTP_STATUS,
        DAILY_BUDGET_SPENT
    }

    /** A short name of the outcome for counters and logs: page, soft_failure, captcha, … */
    default String label() {
        return switch (this) {
            case Page p -> "page";
            case SoftFailure s -> "soft_failure";
            case Captcha c -> "captcha";
            case SourceError e -> "source_error";
            case Drift d -> "drift";
            case Malformed m -> "malformed";
            case Unavailable u -> u.failure().name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
