package dev.gavel.sources.policy;

import dev.gavel.market.source.Fetched;
import dev.gavel.market.strategy.PageOutcome;
import dev.gavel.market.strategy.PageOutcome.Failure;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * One source's resilience (Resilience4j): a rate limiter (requests per second) and a daily budget, retries
 * with exponential back-off and jitter for transient outcomes only (5xx, time-outs, transport errors,
 * 429s, soft failures, truncated answers), and a circuit breaker that opens when most recent calls fail.
 * Each attempt is one call to the source. Thread-safe.
 */
public final class SourcePolicy {
    /** The knobs, validated by the configuration loader. */
    public record Settings(
            double requestsPerSecond,
            long dailyBudget,
            int maxAttempts,
            Duration firstBackoff,
            Duration openCircuitFor,
            int circuitWindow) {
        public static Settings defaults() {
            return new Settings(1.0, 20_000, 3, Duration.ofMillis(250), Duration.ofSeconds(30), 10);
        }
    }

    private final String source;
    private final Settings settings;
    private final Clock clock;
    private final CircuitBreaker circuit;
    private final RateLimiter limiter;
    private final Retry retry;
    private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
    private LocalDate budgetDay;
    private long usedToday;

    public SourcePolicy(String source, Settings settings, Clock clock) {
        this.source = source;
        this.settings = settings;
        this.clock = clock;
        this.circuit = CircuitBreaker.of(
                source,
                CircuitBreakerConfig.custom()
                        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                        .slidingWindowSize(settings.circuitWindow())
                        .minimumNumberOfCalls(settings.circuitWindow())
                        .failureRateThreshold(50)
                        .waitDurationInOpenState(settings.openCircuitFor())
                        .permittedNumberOfCallsInHalfOpenState(2)
                        .recordExceptions(SourceCallFailed.class)
                        .build());
        double rps = settings.requestsPerSecond();
        RateLimiterConfig limits = rps >= 1
                ? RateLimiterConfig.custom()
                        .limitForPeriod((int) Math.round(rps))
                        .limitRefreshPeriod(Duration.ofSeconds(1))
                        .timeoutDuration(Duration.ofSeconds(2))
                        .build()
                : RateLimiterConfig.custom()
                        .limitForPeriod(1)
                        .limitRefreshPeriod(Duration.ofMillis(Math.round(1000 / rps)))
                        .timeoutDuration(Duration.ofMillis(Math.round(2000 / rps)))
                        .build();
        this.limiter = RateLimiter.of(source, limits);
        this.retry = Retry.of(
                source,
                RetryConfig.<PageOutcome>custom()
                        .maxAttempts(settings.maxAttempts())
                        .intervalFunction(
                                IntervalFunction.ofExponentialRandomBackoff(settings.firstBackoff(), 2.0, 0.5))
                        .retryOnResult(SourcePolicy::isTransient)
                        .failAfterMaxAttempts(false)
                        .build());
    }

    /** Whether trying again soon might give a better answer. */
    public static boolean isTransient(PageOutcome outcome) {
        return switch (outcome) {
            case PageOutcome.Unavailable u ->
                switch (u.failure()) {
                    case SERVER_ERROR, TIMEOUT, TRANSPORT, RATE_LIMITED, UNAUTHORIZED -> true;
                    default -> false;
                };
            case PageOutcome.SoftFailure s -> true;
            case PageOutcome.Malformed m -> true;
            default -> false;
        };
    }

    /** Whether the outcome says the source is in trouble (the circuit breaker counts these). */
    static boolean isFailure(PageOutcome outcome) {
        return switch (outcome) {
            case PageOutcome.Unavailable u ->
                switch (u.failure()) {
                    case SERVER_ERROR, TIMEOUT, TRANSPORT -> true;
                    default -> false;
                };
            case PageOutcome.SoftFailure s -> true;
            case PageOutcome.Malformed m -> true;
            case PageOutcome.SourceError e -> true;
            default -> false;
        };
    }

    /**
     * Runs {@code attempt} under the policy. Does not throw: a refused call comes back as {@link
     * PageOutcome.Unavailable} (circuit open, rate limit not granted, daily budget spent).
     */
    public PageOutcome call(Supplier<PageOutcome> attempt) {
        PageOutcome outcome = retry.executeSupplier(() -> once(attempt));
        outcomes.computeIfAbsent(outcome.label(), k -> new LongAdder()).increment();
        return outcome;
    }

    private static final PageOutcome.Page FETCHED = new PageOutcome.Page("fetched", List.of(), List.of(), false);

    /**
     * Runs a catalog or price call under the same policy as {@link #call}: an answer read counts as a
     * success, a failure is retried, counted and refused exactly as a page's would be.
     */
    public <T> Fetched<T> fetch(Supplier<Fetched<T>> attempt) {
        var value = new AtomicReference<T>();
        PageOutcome outcome = call(() -> switch (attempt.get()) {
            case Fetched.Ok<T> ok -> {
                value.set(ok.value());
                yield FETCHED;
            }
            case Fetched.Failed<T> failed -> failed.why();
        });
        return outcome == FETCHED ? new Fetched.Ok<>(value.get()) : new Fetched.Failed<>(outcome);
    }

    private PageOutcome once(Supplier<PageOutcome> attempt) {
        if (!circuit.tryAcquirePermission()) {
            return new PageOutcome.Unavailable(
                    Failure.CIRCUIT_OPEN,
                    source + " is failing; calls resume after "
                            + settings.openCircuitFor().toSeconds() + " s",
                    Optional.of(settings.openCircuitFor()));
        }
        if (!spendBudget()) {
            circuit.releasePermission();
            return new PageOutcome.Unavailable(
                    Failure.DAILY_BUDGET_SPENT,
                    source + " has used its " + settings.dailyBudget() + " calls for today (UTC)",
                    Optional.empty());
        }
        if (!limiter.acquirePermission()) {
            circuit.releasePermission();
            refundBudget();
            return new PageOutcome.Unavailable(
                    Failure.THROTTLED,
                    "local rate limit of " + settings.requestsPerSecond() + " requests/s for " + source,
                    Optional.empty());
        }
        long start = System.nanoTime();
        PageOutcome outcome;
        try {
            outcome = attempt.get();
        } catch (RuntimeException e) {
            // a source must not throw; if it does, the breaker still hears of it and the caller gets an outcome
            outcome = new PageOutcome.Unavailable(
                    Failure.TRANSPORT,
                    "the " + source + " call failed: " + e.getClass().getSimpleName(),
                    Optional.empty());
        }
        long took = System.nanoTime() - start;
        if (isFailure(outcome)) {
            circuit.onError(took, TimeUnit.NANOSECONDS, new SourceCallFailed(outcome.label()));
        } else {
            circuit.onSuccess(took, TimeUnit.NANOSECONDS);
        }
        return outcome;
    }

    private synchronized boolean spendBudget() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        if (!today.equals(budgetDay)) {
            budgetDay = today;
            usedToday = 0;
        }
        if (usedToday >= settings.dailyBudget()) {
            return false;
        }
        usedToday++;
        return true;
    }

    private synchronized void refundBudget() {
        usedToday = Math.max(0, usedToday - 1);
    }

    public synchronized long usedToday() {
        return usedToday;
    }

    public Settings settings() {
        return settings;
    }

    public CircuitBreaker circuitBreaker() {
        return circuit;
    }

    /** CLOSED, OPEN, HALF_OPEN, … */
    public String circuitState() {
        return circuit.getState().name();
    }

    public Map<String, Long> outcomes() {
        var out = new TreeMap<String, Long>();
        outcomes.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** What the circuit breaker records for a failed call; never thrown out of the policy. */
    static final class SourceCallFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SourceCallFailed(String label) {
            super(label, null, false, false);
        }
    }
}
