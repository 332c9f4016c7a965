package dev.gavel.sources.ebay;

import dev.gavel.core.Secret;
import dev.gavel.market.source.MarketSource;
import dev.gavel.market.source.SourceHealth;
import dev.gavel.market.strategy.PageOutcome;
import dev.gavel.market.strategy.PageOutcome.Failure;
import dev.gavel.sources.policy.SourcePolicy;
import dev.gavel.sources.wire.SourceHttp;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * eBay's Browse API as a listing source: {@code GET /buy/browse/v1/item_summary/search} with a client-credentials
 * application token, read into listings by {@link EbayJson}. The token is kept until shortly before it expires
 * (a tenth of its life, at most five minutes, early) and fetched again then, or at once when a search answers
 * 401; the refused search is retried by the {@link SourcePolicy} with the new token. Token calls are not Browse
 * calls and are not counted apart; every search attempt counts once against the daily budget (also one that
 * fails at its token), so {@link #health()} shows how much of eBay's 5,000 a day is used, never less.
 *
 * <p>Query keys: {@code q} (keywords), {@code category} (eBay category ids), {@code buying} ({@code auction},
 * {@code fixed} or {@code all}, the default: eBay returns only fixed-price items unless asked for auctions),
 * {@code minPrice} and {@code maxPrice} (dollars), {@code sort} ({@code endingSoonest}, the default, {@code
 * newlyListed}, {@code price}, {@code -price}), {@code limit} (items per page, up to 200), {@code pages}, and
 * {@code card}: the catalog id of the card the watch is about, put into each listing's item id so the listings'
 * prices attach to that card. Never throws for a failed call. Thread-safe.
 */
public final class EbaySource implements MarketSource {
    private static final Logger LOG = LoggerFactory.getLogger(EbaySource.class);
    private static final List<String> KEYS =
            List.of("q", "category", "buying", "minPrice", "maxPrice", "sort", "limit", "pages", "card");
    private static final List<String> SORTS = List.of("endingSoonest", "newlyListed", "price", "-price");
    private static final Pattern CATEGORIES = Pattern.compile("\\d{1,12}(,\\d{1,12}){0,9}");
    private static final Pattern DOLLARS = Pattern.compile("\\d{1,7}(\\.\\d{1,2})?");
    private static final String SEARCH = "/buy/browse/v1/item_summary/search";
    private static final String TOKEN = "/identity/v1/oauth2/token";
    private static final int DEFAULT_LIMIT = 50;

    /** A token and when to stop using it. */
    private record Token(Secret value, Instant refreshAt) {}

    private final EbaySettings settings;
    private final SourceHttp http;
    private final SourceHttp tokenHttp;
    private final Clock clock;
    private final SourcePolicy policy;
    private final Object tokenLock = new Object();
    private volatile Token token;
    private volatile boolean everPaged;
    private final AtomicLong tokensFetched = new AtomicLong();
    private final AtomicLong tokensRefused = new AtomicLong();

    public EbaySource(EbaySettings settings, HttpClient http, Clock clock) {
        this.settings = settings;
        this.http = new SourceHttp(EbaySettings.SOURCE, http, settings.requestTimeout(), clock);
        this.tokenHttp = new SourceHttp("ebay token endpoint", http, settings.requestTimeout(), clock);
        this.clock = clock;
        this.policy = new SourcePolicy(EbaySettings.SOURCE, settings.policy(), clock);
    }

    @Override
    public String id() {
        return EbaySettings.SOURCE;
    }

    @Override
    public Duration minimumInterval() {
        return settings.minimumInterval();
    }

    @Override
    public List<String> queryKeys() {
        return KEYS;
    }

    public SourcePolicy policy() {
        return policy;
    }

    @Override
    public Map<String, String> queryProblems(Map<String, String> query) {
        var problems = new LinkedHashMap<String, String>();
        for (String key : query.keySet()) {
            if (!KEYS.contains(key)) {
                problems.put(key, "is not an ebay query key; use " + KEYS);
            }
        }
        String q = query.getOrDefault("q", "").strip();
        String category = query.getOrDefault("category", "").strip();
        if (q.isEmpty() && category.isEmpty()) {
            problems.put("q", "is needed, or a category: eBay searches by keywords or category");
        }
        if (q.length() > 100) {
            problems.put("q", "must be at most 100 characters, got " + q.length());
        }
        if (!category.isEmpty() && !CATEGORIES.matcher(category).matches()) {
            problems.put(
                    "category",
                    "must be eBay category ids separated by commas, such as 183454, got '" + category + "'");
        }
        String buying = query.get("buying");
        if (buying != null
                && !List.of("auction", "fixed", "all").contains(buying.strip().toLowerCase(Locale.ROOT))) {
            problems.put("buying", "must be auction, fixed or all, got '" + buying + "'");
        }
        Optional<BigDecimal> min = dollars(query, "minPrice", problems);
        Optional<BigDecimal> max = dollars(query, "maxPrice", problems);
        if (min.isPresent() && max.isPresent() && min.get().compareTo(max.get()) > 0) {
            problems.put(
                    "maxPrice",
                    "must not be below minPrice (" + min.get().toPlainString() + "), got "
                            + max.get().toPlainString());
        }
        String sort = query.get("sort");
        if (sort != null && !SORTS.contains(sort.strip())) {
            problems.put("sort", "must be one of " + SORTS + ", got '" + sort + "'");
        }
        int limit = range(query, "limit", 1, 200, problems).orElse(DEFAULT_LIMIT);
        Optional<Integer> pages = range(query, "pages", 1, 100, problems);
        if (pages.isPresent() && (long) pages.get() * limit > EbayJson.MAX_RESULTS) {
            problems.put(
                    "pages",
                    "reach past the " + EbayJson.MAX_RESULTS + " items eBay serves for one search (" + pages.get()
                            + " pages of " + limit + ")");
        }
        String card = query.get("card");
        if (card != null && (card.isBlank() || card.length() > 128)) {
            problems.put("card", "must be a catalog card id of 1 to 128 characters");
        }
        return problems;
    }

    private static Optional<BigDecimal> dollars(Map<String, String> query, String key, Map<String, String> problems) {
        String v = query.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!DOLLARS.matcher(v.strip()).matches()) {
            problems.put(key, "must be dollars such as 25 or 12.50, got '" + v + "'");
            return Optional.empty();
        }
        return Optional.of(new BigDecimal(v.strip()));
    }

    private static Optional<Integer> range(
            Map<String, String> query, String key, int min, int max, Map<String, String> problems) {
        String v = query.get(key);
        if (v == null) {
            return Optional.empty();
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n < min || n > max) {
                problems.put(key, "must be from " + min + " to " + max + ", got " + n);
                return Optional.empty();
            }
            return Optional.of(n);
        } catch (NumberFormatException e) {
            problems.put(key, "must be a whole number, got '" + v + "'");
            return Optional.empty();
        }
    }

    @Override
    public PageOutcome search(Map<String, String> query, int page) {
        Map<String, String> problems = queryProblems(query);
        if (!problems.isEmpty() || page < 0) {
            return new PageOutcome.Unavailable(
                    Failure.HTTP_STATUS,
                    "not an ebay search: " + (page < 0 ? "page " + page + " is before the first" : problems),
                    Optional.empty());
        }
        int limit = Integer.parseInt(
                query.getOrDefault("limit", Integer.toString(DEFAULT_LIMIT)).strip());
        if ((long) page * limit >= EbayJson.MAX_RESULTS) {
            // eBay serves no item past the 10,000th of a search: nothing to ask for
            return new PageOutcome.Page(EbayJson.STRATEGY, List.of(), List.of(), false);
        }
        return policy.call(() -> attempt(query, page));
    }

    private PageOutcome attempt(Map<String, String> query, int page) {
        Optional<PageOutcome> noToken = Optional.empty();
        Token t = token;
        if (t == null || !clock.instant().isBefore(t.refreshAt())) {
            noToken = refreshToken(t);
            t = token;
        }
        if (noToken.isPresent()) {
            return noToken.get();
        }
        if (t == null) {
            // a 401 elsewhere dropped the token just fetched: the policy's next attempt fetches another
            return new PageOutcome.Unavailable(
                    Failure.UNAUTHORIZED, "the ebay token was dropped while it was fetched", Optional.empty());
        }
        int limit = Integer.parseInt(
                query.getOrDefault("limit", Integer.toString(DEFAULT_LIMIT)).strip());
        int offset = page * limit;
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(
                            URI.create(settings.baseUrl() + SEARCH + "?" + params(query, limit, offset)))
                    .timeout(settings.requestTimeout())
                    .header("Authorization", "Bearer " + t.value().reveal())
                    .header("X-EBAY-C-MARKETPLACE-ID", settings.marketplace())
                    .header("Accept", "application/json")
                    .GET()
                    .build();
        } catch (IllegalArgumentException e) {
            return new PageOutcome.Unavailable(
                    Failure.HTTP_STATUS,
                    "the base URL '" + settings.baseUrl() + "' does not make a request URI: " + e.getMessage(),
                    Optional.empty());
        }
        return switch (http.send(request)) {
            case SourceHttp.Exchange.Failed failed -> failed.why();
            case SourceHttp.Exchange.Answered answered -> read(answered, query, offset, t);
        };
    }

    private PageOutcome read(SourceHttp.Exchange.Answered answered, Map<String, String> query, int offset, Token used) {
        int status = answered.status();
        if (status == 200) {
            everPaged = true;
            return EbayJson.page(
                    answered.body(), Optional.ofNullable(query.get("card")).map(String::strip), offset, answered.at());
        }
        if (status == 401) {
            synchronized (tokenLock) {
                if (token == used) {
                    token = null;
                }
            }
            return new PageOutcome.Unavailable(
                    Failure.UNAUTHORIZED,
                    "eBay refused the application token (401"
                            + EbayJson.error(answered.body())
                                    .map(e -> " " + e.code() + " " + e.message())
                                    .orElse("")
                            + "); the next attempt fetches a new one",
                    Optional.empty());
        }
        Optional<PageOutcome.Unavailable> common = SourceHttp.common(EbaySettings.SOURCE, answered);
        if (common.isPresent()) {
            return common.get();
        }
        return EbayJson.error(answered.body())
                .<PageOutcome>map(e -> e)
                .orElseGet(() -> new PageOutcome.Unavailable(
                        Failure.HTTP_STATUS,
                        status + " from ebay: " + SourceHttp.abbreviate(answered.body()),
                        Optional.empty()));
    }

    /** The search's parameters in eBay's words. */
    private static String params(Map<String, String> query, int limit, int offset) {
        var p = new TreeMap<String, String>();
        String q = query.getOrDefault("q", "").strip();
        if (!q.isEmpty()) {
            p.put("q", q);
        }
        String category = query.getOrDefault("category", "").strip();
        if (!category.isEmpty()) {
            p.put("category_ids", category);
        }
        var filters = new java.util.ArrayList<String>();
        filters.add(
                switch (query.getOrDefault("buying", "all").strip().toLowerCase(Locale.ROOT)) {
                    case "auction" -> "buyingOptions:{AUCTION}";
                    case "fixed" -> "buyingOptions:{FIXED_PRICE}";
                    default -> "buyingOptions:{AUCTION|FIXED_PRICE}";
                });
        String min = query.getOrDefault("minPrice", "").strip();
        String max = query.getOrDefault("maxPrice", "").strip();
        if (!min.isEmpty() || !max.isEmpty()) {
            filters.add("price:[" + min + ".." + max + "]");
            filters.add("priceCurrency:USD");
        }
        p.put("filter", String.join(",", filters));
        p.put("sort", query.getOrDefault("sort", "endingSoonest").strip());
        p.put("limit", Integer.toString(limit));
        p.put("offset", Integer.toString(offset));
        var out = new StringBuilder();
        p.forEach((k, v) ->
                out.append(out.isEmpty() ? "" : "&").append(k).append('=').append(encode(v)));
        return out.toString();
    }

    /**
     * Fetches a token unless another caller did since {@code stale} was read; empty when a token is ready,
     * else why there is none.
     */
    private Optional<PageOutcome> refreshToken(Token stale) {
        synchronized (tokenLock) {
            Token current = token;
            if (current != null && current != stale && clock.instant().isBefore(current.refreshAt())) {
                return Optional.empty();
            }
            String basic = Base64.getEncoder()
                    .encodeToString(
                            (settings.clientId() + ":" + settings.clientSecret().reveal())
                                    .getBytes(StandardCharsets.UTF_8));
            HttpRequest request;
            try {
                request = HttpRequest.newBuilder(URI.create(settings.baseUrl() + TOKEN))
                        .timeout(settings.requestTimeout())
                        .header("Authorization", "Basic " + basic)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Accept", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "grant_type=client_credentials&scope=" + encode(EbaySettings.SCOPE)))
                        .build();
            } catch (IllegalArgumentException e) {
                return Optional.of(new PageOutcome.Unavailable(
                        Failure.HTTP_STATUS,
                        "the base URL '" + settings.baseUrl() + "' does not make a request URI: " + e.getMessage(),
                        Optional.empty()));
            }
            return switch (tokenHttp.send(request)) {
                case SourceHttp.Exchange.Failed failed -> Optional.of(failed.why());
                case SourceHttp.Exchange.Answered answered -> grant(answered);
            };
        }
    }

    private Optional<PageOutcome> grant(SourceHttp.Exchange.Answered answered) {
        int status = answered.status();
        if (status == 400 || status == 401) {
            tokensRefused.incrementAndGet();
            LOG.warn("ebay: the token endpoint refused the client credentials ({})", status);
            return Optional.of(new PageOutcome.Unavailable(
                    Failure.NO_CREDENTIAL,
                    "eBay refused the client credentials (" + status + " " + EbayJson.oauthError(answered.body())
                            + "); check the client id and secret",
                    Optional.empty()));
        }
        Optional<PageOutcome.Unavailable> common = SourceHttp.common("the ebay token endpoint", answered);
        if (common.isPresent()) {
            return Optional.of(common.get());
        }
        if (status != 200) {
            return Optional.of(new PageOutcome.Unavailable(
                    Failure.HTTP_STATUS,
                    status + " from the ebay token endpoint: " + EbayJson.oauthError(answered.body()),
                    Optional.empty()));
        }
        var why = new LinkedHashMap<String, String>();
        Optional<EbayJson.Grant> grant = EbayJson.grant(answered.body(), why);
        if (grant.isEmpty()) {
            return Optional.of(new PageOutcome.Malformed("the ebay token answer: " + why));
        }
        long life = grant.get().expiresInSeconds();
        long early = Math.min(300, Math.max(1, life / 10));
        token = new Token(Secret.of(grant.get().accessToken()), answered.at().plusSeconds(life - early));
        tokensFetched.incrementAndGet();
        return Optional.empty();
    }

    private static String encode(String v) {
        return URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Tokens fetched and refused since start, beside the policy's outcome counters. */
    @Override
    public SourceHealth health() {
        var outcomes = new TreeMap<String, Long>(policy.outcomes());
        outcomes.put("token_fetched", tokensFetched.get());
        outcomes.put("token_refused", tokensRefused.get());
        return new SourceHealth(
                id(),
                policy.circuitState(),
                settings.policy().requestsPerSecond(),
                settings.policy().dailyBudget(),
                policy.usedToday(),
                Map.of(),
                everPaged ? Optional.of(EbayJson.STRATEGY) : Optional.empty(),
                0,
                outcomes);
    }
}
