package dev.gavel.sources.m26;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.gavel.core.Secret;
import dev.gavel.market.auth.AuthPool;
import dev.gavel.market.auth.AuthPool.Lease;
import dev.gavel.market.auth.AuthPool.Outcome;
import dev.gavel.market.auth.Credential;
import dev.gavel.market.auth.CredentialKind;
import dev.gavel.market.source.MarketSource;
import dev.gavel.market.source.SourceHealth;
import dev.gavel.market.strategy.DriftMonitor;
import dev.gavel.market.strategy.PageOutcome;
import dev.gavel.market.strategy.PageOutcome.Failure;
import dev.gavel.market.template.RenderedRequest;
import dev.gavel.sources.policy.SourcePolicy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Madden 26 auction house over its Blaze gateway. A search leases the least recently used session
 * ticket from the auth pool, renders the search template, and reads the answer with the response
 * strategies; a 401 retires the ticket, a 429 cools it down, a captcha stops its account, and transient
 * failures are retried under the {@link SourcePolicy}. When fewer than {@code ticketsToKeep} tickets are
 * ready, a new one is minted through the refresh and login templates, at most one per mint interval; a
 * search that finds no ticket ready waits for the mint in flight rather than answering that there is none.
 * Never throws for a failed call. Thread-safe.
 */
public final class M26Source implements MarketSource {
    private static final Logger LOG = LoggerFactory.getLogger(M26Source.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> KEYS = List.of("team", "program", "itemName", "pageSize", "pages");
    private static final java.util.regex.Pattern URL_SAFE = java.util.regex.Pattern.compile("[A-Za-z0-9._~-]{1,512}");

    private final M26Settings settings;
    private volatile M26Templates templates;
    private final AuthPool pool;
    private final SourcePolicy policy;
    private final DriftMonitor drift;
    private final Consumer<DriftMonitor.DriftAlert> onDrift;
    private final HttpClient http;
    private final Clock clock;
    /** The mint started by a search and not yet done, if any. */
    private final AtomicReference<CompletableFuture<MintResult>> inFlight = new AtomicReference<>();

    public M26Source(
            M26Settings settings,
            M26Templates templates,
            AuthPool pool,
            DriftMonitor drift,
            Consumer<DriftMonitor.DriftAlert> onDrift,
            HttpClient http,
            Clock clock) {
        this.settings = settings;
        this.templates = templates;
        this.pool = pool;
        this.policy = new SourcePolicy(M26Settings.SOURCE, settings.policy(), clock);
        this.drift = drift;
        this.onDrift = onDrift;
        this.http = http;
        this.clock = clock;
    }

    @Override
    public String id() {
        return M26Settings.SOURCE;
    }

    @Override
    public Duration minimumInterval() {
        return settings.minimumInterval();
    }

    @Override
    public List<String> queryKeys() {
        return KEYS;
    }

    /** Uses new templates from the next call on (after an import). */
    public void useTemplates(M26Templates fresh) {
        this.templates = fresh;
    }

    public AuthPool pool() {
        return pool;
    }

    public SourcePolicy policy() {
        return policy;
    }

    @Override
    public Map<String, String> queryProblems(Map<String, String> query) {
        var problems = new LinkedHashMap<String, String>();
        for (String key : query.keySet()) {
            if (!KEYS.contains(key)) {
                problems.put(key, "is not an m26 query key; use " + KEYS);
            }
        }
        String team = query.get("team");
        if (team != null && !team.matches("[A-Za-z]{2,3}")) {
            problems.put("team", "must be a team abbreviation such as DAL, got '" + team + "'");
        }
        range(query, "pageSize", 1, 50, problems);
        range(query, "pages", 1, 20, problems);
        String name = query.get("itemName");
        if (name != null && name.length() > 64) {
            problems.put("itemName", "must be at most 64 characters");
        }
        return problems;
    }

    private static void range(Map<String, String> query, String key, int min, int max, Map<String, String> problems) {
        String v = query.get(key);
        if (v == null) {
            return;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n < min || n > max) {
                problems.put(key, "must be from " + min + " to " + max + ", got " + n);
            }
        } catch (NumberFormatException e) {
            problems.put(key, "must be a whole number, got '" + v + "'");
        }
    }

    @Override
    public PageOutcome search(Map<String, String> query, int page) {
        PageOutcome outcome = policy.call(() -> attempt(query, page));
        drift.record(id(), outcome).ifPresent(alert -> {
            LOG.warn(
                    "m26: {} answers in a row fit no response strategy; nothing of them is stored: {}",
                    alert.consecutive(),
                    alert.reasons());
            onDrift.accept(alert);
        });
        return outcome;
    }

    private PageOutcome attempt(Map<String, String> query, int page) {
        Optional<Lease> lease = ticket();
        if (lease.isEmpty()) {
            return new PageOutcome.Unavailable(
                    Failure.NO_CREDENTIAL,
                    "no m26 session ticket is ready (import a capture with `gavel auth pool import-har`); next mint at "
                            + pool.nextMintAt(),
                    Optional.empty());
        }
        if (!URL_SAFE.matcher(lease.get().credential().secret().reveal()).matches()) {
            // a ticket goes into the URL path; one that is not URL-safe is not a Blaze session key
            pool.report(lease.get(), Outcome.UNAUTHORIZED, Optional.empty());
            return new PageOutcome.Unavailable(
                    Failure.UNAUTHORIZED,
                    "credential " + lease.get().credential().id() + " is not a session key (not URL-safe)",
                    Optional.empty());
        }
        RenderedRequest request;
        HttpRequest http;
        try {
            request = templates.search().render(searchValues(query, page, lease.get()));
            http = toHttp(request);
        } catch (IllegalArgumentException e) {
            return new PageOutcome.Unavailable(
                    Failure.HTTP_STATUS, "the search template: " + e.getMessage(), Optional.empty());
        }
        HttpResponse<String> response;
        try {
            response = this.http.send(http, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            pool.report(lease.get(), Outcome.TRANSIENT, Optional.empty());
            return new PageOutcome.Unavailable(
                    Failure.TIMEOUT,
                    "no answer within " + settings.requestTimeout().toMillis() + " ms",
                    Optional.empty());
        } catch (IOException e) {
            pool.report(lease.get(), Outcome.TRANSIENT, Optional.empty());
            return new PageOutcome.Unavailable(Failure.TRANSPORT, e.toString(), Optional.empty());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new PageOutcome.Unavailable(Failure.TRANSPORT, "interrupted", Optional.empty());
        }
        Instant respondedAt = clock.instant();
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            pool.report(lease.get(), Outcome.UNAUTHORIZED, Optional.empty());
            mintInBackground();
            return new PageOutcome.Unavailable(
                    Failure.UNAUTHORIZED, "the session ticket was refused (" + status + ")", Optional.empty());
        }
        if (status == 429) {
            Optional<Duration> retryAfter = retryAfter(response);
            pool.report(lease.get(), Outcome.RATE_LIMITED, retryAfter);
            return new PageOutcome.Unavailable(Failure.RATE_LIMITED, "429 from m26", retryAfter);
        }
        if (status >= 500) {
            pool.report(lease.get(), Outcome.TRANSIENT, Optional.empty());
            return new PageOutcome.Unavailable(Failure.SERVER_ERROR, status + " from m26", Optional.empty());
        }
        if (status != 200) {
            return new PageOutcome.Unavailable(
                    Failure.HTTP_STATUS, status + " from m26: " + abbreviate(response.body()), Optional.empty());
        }
        PageOutcome outcome = templates.strategies().read(response.body(), respondedAt);
        switch (outcome) {
            case PageOutcome.Captcha c -> {
                LOG.warn(
                        "m26: captcha for account {}; its credentials are stopped until re-imported",
                        lease.get().account());
                pool.report(lease.get(), Outcome.CAPTCHA, Optional.empty());
            }
            case PageOutcome.SoftFailure s -> pool.report(lease.get(), Outcome.TRANSIENT, Optional.empty());
            case PageOutcome.SourceError e
            when e.name().contains("AUTHENTICATION") -> {
                pool.report(lease.get(), Outcome.UNAUTHORIZED, Optional.empty());
                mintInBackground();
                return new PageOutcome.Unavailable(
                        Failure.UNAUTHORIZED, e.name() + ": " + e.message(), Optional.empty());
            }
            default -> pool.report(lease.get(), Outcome.OK, Optional.empty());
        }
        return outcome;
    }

    private Map<String, String> searchValues(Map<String, String> query, int page, Lease lease) {
        int pageSize = Integer.parseInt(query.getOrDefault("pageSize", "20").strip());
        ArrayNode filters = JsonNodeFactory.instance.arrayNode();
        if (query.containsKey("team")) {
            filters.addObject()
                    .put("type", "team")
                    .put("value", query.get("team").toUpperCase(java.util.Locale.ROOT));
        }
        if (query.containsKey("program")) {
            filters.addObject().put("type", "program").put("value", query.get("program"));
        }
        var values = new LinkedHashMap<String, String>();
        values.put("baseUrl", settings.baseUrl());
        values.put("console", settings.console());
        values.put("ticket", lease.credential().secret().reveal());
        values.put(
                "expiresAtMillis",
                Long.toString(clock.millis() + Duration.ofMinutes(5).toMillis()));
        values.put("filters", filters.toString());
        values.put("itemName", query.getOrDefault("itemName", ""));
        values.put("pageSize", Integer.toString(pageSize));
        values.put("start", Integer.toString(page * pageSize));
        return values;
    }

    /**
     * A leasable ticket. When none is ready, one is minted first, or the mint already in flight is waited
     * for: that mint holds the mint interval, so giving up beside it would answer "no ticket" just before
     * one is there. When fewer than {@code ticketsToKeep} are ready, one is minted in the background.
     */
    private Optional<Lease> ticket() {
        int ready = pool.leasable(CredentialKind.SESSION_TICKET);
        if (ready == 0) {
            awaitTicket();
        } else if (ready < settings.ticketsToKeep()) {
            mintInBackground();
        }
        return pool.lease(CredentialKind.SESSION_TICKET);
    }

    /**
     * Waits for the mint in flight, or one started now, to bring a ticket. A mint joined in flight may have
     * been refused before the mint interval passed (or have failed), so without a ticket after it, one more
     * is started or joined. Each wait is bounded by the two calls of a mint.
     */
    private void awaitTicket() {
        Duration bound = settings.requestTimeout().multipliedBy(2).plusSeconds(1);
        for (int round = 0; round < 2 && pool.leasable(CredentialKind.SESSION_TICKET) == 0; round++) {
            Flight flight = mintOnce();
            try {
                flight.result().get(bound.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                LOG.warn("m26: no session ticket from the mint waited for: {}", e.toString());
                return;
            }
            if (flight.started()) {
                return;
            }
        }
    }

    private void mintInBackground() {
        if (pool.leasable(CredentialKind.SESSION_TICKET) >= settings.ticketsToKeep()) {
            return;
        }
        mintOnce();
    }

    /** A mint run on its own thread, and whether this caller started it or joined it in flight. */
    private record Flight(CompletableFuture<MintResult> result, boolean started) {}

    /** Joins the mint in flight, or starts one: at most one runs at a time through the source's calls. */
    private Flight mintOnce() {
        var mine = new CompletableFuture<MintResult>();
        CompletableFuture<MintResult> running = inFlight.compareAndExchange(null, mine);
        if (running != null) {
            return new Flight(running, false);
        }
        Thread.ofVirtual().name("m26-mint").start(() -> {
            try {
                MintResult result = mint();
                // cleared before completing: whoever wakes up and finds no ticket starts a fresh mint
                inFlight.compareAndSet(mine, null);
                mine.complete(result);
            } catch (RuntimeException | Error e) {
                inFlight.compareAndSet(mine, null);
                mine.completeExceptionally(e);
                throw e;
            }
        });
        return new Flight(mine, true);
    }

    /** The outcome of one mint, for {@code gavel auth refresh}. */
    public sealed interface MintResult {
        record Minted(String account) implements MintResult {}

        record NotNow(Instant nextMintAt) implements MintResult {}

        record Failed(String account, String reason) implements MintResult {}

        record NoRefreshToken() implements MintResult {}
    }

    /**
     * Mints one session ticket for the live account with the fewest ready tickets, through the refresh
     * and login templates. At most one per mint interval across all callers.
     */
    public MintResult mint() {
        Optional<String> account = pool.liveAccounts().stream()
                .filter(a -> pool.find(a, CredentialKind.REFRESH_TOKEN).isPresent())
                .min(java.util.Comparator.comparingInt(a -> pool.leasable(a, CredentialKind.SESSION_TICKET)));
        if (account.isEmpty()) {
            return new MintResult.NoRefreshToken();
        }
        if (!pool.tryClaimMint()) {
            return new MintResult.NotNow(pool.nextMintAt());
        }
        Credential refreshToken =
                pool.find(account.get(), CredentialKind.REFRESH_TOKEN).orElseThrow();
        Lease tokenLease = new Lease(refreshToken, clock.instant());
        try {
            var refreshAnswer = post(templates
                    .refresh()
                    .render(Map.of(
                            "accountsUrl",
                            settings.accountsUrl(),
                            "refreshToken",
                            refreshToken.secret().reveal())));
            var refreshed = templates.refresh().extract(refreshAnswer.body());
            if (!refreshed.containsKey("accessToken")) {
                // only a refusal of the token itself counts against it; a 429 or a 5xx is the host's trouble
                boolean refused = refreshAnswer.status() == 400 || refreshAnswer.status() == 401;
                pool.report(tokenLease, refused ? Outcome.UNAUTHORIZED : Outcome.TRANSIENT, Optional.empty());
                return new MintResult.Failed(
                        account.get(),
                        "the token refresh answered " + refreshAnswer.status() + " "
                                + refreshed.getOrDefault("error", "without an access token"));
            }
            var loginAnswer = post(templates
                    .login()
                    .render(Map.of(
                            "baseUrl",
                            settings.baseUrl(),
                            "console",
                            settings.console(),
                            "accessToken",
                            refreshed.get("accessToken"))));
            var login = templates.login().extract(loginAnswer.body());
            if (!login.containsKey("sessionKey")) {
                return new MintResult.Failed(
                        account.get(),
                        "the Blaze login answered " + loginAnswer.status() + " "
                                + login.getOrDefault("error", "without a session key"));
            }
            pool.report(tokenLease, Outcome.OK, Optional.empty());
            pool.add(Credential.fresh(
                    id(),
                    account.get(),
                    CredentialKind.SESSION_TICKET,
                    Secret.of(login.get("sessionKey")),
                    Optional.empty()));
            LOG.info("m26: minted a session ticket for account {}", account.get());
            return new MintResult.Minted(account.get());
        } catch (IOException e) {
            return new MintResult.Failed(account.get(), e.toString());
        } catch (RuntimeException e) {
            // a template that does not render, a store that cannot keep the ticket: reported, never thrown
            return new MintResult.Failed(account.get(), e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new MintResult.Failed(account.get(), "interrupted");
        }
    }

    private record Answer(int status, JsonNode body) {}

    private Answer post(RenderedRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(toHttp(request), HttpResponse.BodyHandlers.ofString());
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            body = JsonNodeFactory.instance.objectNode();
        }
        return new Answer(response.statusCode(), body == null ? JsonNodeFactory.instance.objectNode() : body);
    }

    /** The request to send; an {@link IllegalArgumentException} that does not repeat the URL (it holds a ticket). */
    private HttpRequest toHttp(RenderedRequest request) {
        URI uri;
        try {
            uri = URI.create(request.url());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "the rendered URL is not a URI (" + e.getClass().getSimpleName() + ")");
        }
        var builder = HttpRequest.newBuilder(uri).timeout(settings.requestTimeout());
        request.headers().forEach(builder::header);
        builder.method(
                request.method(),
                request.body().map(HttpRequest.BodyPublishers::ofString).orElse(HttpRequest.BodyPublishers.noBody()));
        return builder.build();
    }

    private static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(v -> {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(v.strip())));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    private static String abbreviate(String body) {
        return body.length() <= 200 ? body : body.substring(0, 200) + "…";
    }

    @Override
    public SourceHealth health() {
        return new SourceHealth(
                id(),
                policy.circuitState(),
                settings.policy().requestsPerSecond(),
                settings.policy().dailyBudget(),
                policy.usedToday(),
                pool.summary(),
                drift.lastStrategy(id()),
                drift.streak(id()),
                policy.outcomes());
    }
}
