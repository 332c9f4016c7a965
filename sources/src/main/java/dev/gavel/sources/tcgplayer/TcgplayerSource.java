package dev.gavel.sources.tcgplayer;

import dev.gavel.market.auth.AuthPool;
import dev.gavel.market.auth.CredentialKind;
import dev.gavel.market.catalog.Game;
import dev.gavel.market.price.PriceQuote;
import dev.gavel.market.source.CardSource;
import dev.gavel.market.source.Fetched;
import dev.gavel.market.source.SourceHealth;
import dev.gavel.market.strategy.PageOutcome;
import dev.gavel.market.strategy.PageOutcome.Failure;
import dev.gavel.sources.policy.SourcePolicy;
import dev.gavel.sources.tcgplayer.TcgplayerReader.Group;
import dev.gavel.sources.tcgplayer.TcgplayerReader.Token;
import dev.gavel.sources.wire.SourceHttp;
import dev.gavel.sources.wire.SourceHttp.Exchange;
import dev.gavel.sources.wire.SourceHttp.Exchange.Answered;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TCGplayer's catalog and prices for Pokémon (category 3) and One Piece (category 68).
 *
 * <p>A client-credentials token ({@code POST /token}) is fetched on first use and kept until a tenth of its
 * life or an hour is left (whichever is less); a 401 on the way refreshes it once and repeats the call, so
 * a token revoked or expired mid-run costs one call, not the run. Catalog pages go group by group (the
 * category's groups are read first, 100 a call), 100 products a page with their extended data (number,
 * rarity); the cursor {@code index:groupId:offset} names the group by position and id, so a run resumed
 * after the group list changed still finds its group. Prices go 250 product ids a call, each result giving
 * up to five quotes (market, low, mid, high, direct low; nulls are no quote) for its printing
 * ({@code subTypeName}) in exact cents; a 404 ("No products were found.") is no prices, not a failure.
 *
 * <p>Every call runs under the source's {@link SourcePolicy} (rate limit, daily budget, retries with
 * back-off, circuit breaker). Nothing is thrown for a failed call: an error envelope is a {@link
 * PageOutcome.SourceError}, a body that is not JSON is {@link PageOutcome.Malformed}, another shape is
 * {@link PageOutcome.Drift}, a 429 is {@link Failure#RATE_LIMITED} with its {@code Retry-After}; a result
 * or product that cannot be read is skipped (and counted in {@link #health()}) while the ones beside it are
 * kept. Thread-safe.
 */
public final class TcgplayerSource implements CardSource {
    private static final Logger LOG = LoggerFactory.getLogger(TcgplayerSource.class);
    private static final String SOURCE = TcgplayerSettings.SOURCE;
    private static final Map<Game, Integer> CATEGORIES = Map.of(Game.POKEMON, 3, Game.ONEPIECE, 68);

    /** Product ids per pricing call: TCGplayer's limit. */
    public static final int PRICE_BATCH = 250;

    /** Products (and groups) per catalog call: TCGplayer's limit. */
    public static final int PAGE_SIZE = 100;

    private static final Pattern CURSOR = Pattern.compile("(\\d{1,6}):(\\d{1,9}):(\\d{1,9})");
    private static final Pattern PRODUCT_ID = Pattern.compile("\\d{1,9}");

    private final TcgplayerSettings settings;
    private final String baseUrl;
    private final SourcePolicy policy;
    private final SourceHttp http;
    private final Clock clock;
    private final ReentrantLock tokenLock = new ReentrantLock();
    private volatile Optional<Token> token = Optional.empty();
    private volatile boolean credentialsRefused;
    private final Map<Game, List<Group>> groups = new ConcurrentHashMap<>();
    private final LongAdder tokensFetched = new LongAdder();
    private final LongAdder tokenRetries = new LongAdder();
    private final LongAdder skippedResults = new LongAdder();
    private final LongAdder rejectedProducts = new LongAdder();
    private final LongAdder skippedIds = new LongAdder();

    public TcgplayerSource(TcgplayerSettings settings, HttpClient client, Clock clock) {
        this.settings = settings;
        this.baseUrl = settings.baseUrl().replaceAll("/+$", "");
        this.policy = new SourcePolicy(SOURCE, settings.policy(), clock);
        this.http = new SourceHttp(SOURCE, client, settings.requestTimeout(), clock);
        this.clock = clock;
    }

    @Override
    public String id() {
        return SOURCE;
    }

    @Override
    public Set<Game> games() {
        return CATEGORIES.keySet();
    }

    @Override
    public int priceBatch() {
        return PRICE_BATCH;
    }

    public SourcePolicy policy() {
        return policy;
    }

    // ---- catalog

    @Override
    public Fetched<CatalogPage> catalog(Game game, Optional<String> cursor) {
        Integer category = CATEGORIES.get(game);
        if (category == null) {
            return SourceHttp.refused("TCGplayer has no " + game.id() + " catalog; it serves " + games());
        }
        Position at;
        if (cursor.isEmpty()) {
            at = new Position(0, -1, 0);
        } else {
            Matcher m = CURSOR.matcher(cursor.get());
            if (!m.matches()) {
                return SourceHttp.refused(
                        "'" + abbreviate(cursor.get()) + "' is not a TCGplayer catalog cursor (index:groupId:offset)");
            }
            at = new Position(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        }
        List<Group> known = groups.get(game);
        if (cursor.isEmpty() || known == null) {
            Fetched<List<Group>> read = readGroups(category);
            if (read instanceof Fetched.Failed<List<Group>> failed) {
                return failed.as();
            }
            known = ((Fetched.Ok<List<Group>>) read).value();
            groups.put(game, known);
        }
        return page(game, category, known, at);
    }

    private record Position(int index, int groupId, int offset) {}

    private Fetched<CatalogPage> page(Game game, int category, List<Group> known, Position at) {
        int index = resolve(known, at);
        if (index >= known.size()) {
            return new Fetched.Ok<>(new CatalogPage(List.of(), List.of(), List.of(), Optional.empty()));
        }
        Group group = known.get(index);
        int offset = group.groupId() == at.groupId() ? at.offset() : 0;
        String url = baseUrl + "/catalog/products?categoryId=" + category + "&groupId=" + group.groupId()
                + "&productTypes=Cards&getExtendedFields=true&offset=" + offset + "&limit=" + PAGE_SIZE;
        Fetched<TcgplayerReader.ProductPage> read =
                policy.fetch(() -> authorized(url, a -> TcgplayerReader.products(a, game, group)));
        return read.map(p -> {
            if (!p.rejects().isEmpty()) {
                rejectedProducts.add(p.rejects().size());
                LOG.warn(
                        "tcgplayer: {} products of group {} at offset {} could not be read: {}",
                        p.rejects().size(),
                        group.groupId(),
                        offset,
                        p.rejects());
            }
            // the next item after the ones read: a short page with more to come does not skip any
            int nextOffset = offset + p.read();
            Optional<String> next;
            if (p.read() > 0 && nextOffset < p.totalItems()) {
                next = Optional.of(index + ":" + group.groupId() + ":" + nextOffset);
            } else if (index + 1 < known.size()) {
                next = Optional.of((index + 1) + ":" + known.get(index + 1).groupId() + ":0");
            } else {
                next = Optional.empty();
            }
            return new CatalogPage(p.entries(), List.of(), p.rejects(), next);
        });
    }

    /** The group a cursor means: by id where it stands now, else the position it had. */
    private static int resolve(List<Group> known, Position at) {
        if (at.groupId() < 0) {
            return at.index();
        }
        if (at.index() < known.size() && known.get(at.index()).groupId() == at.groupId()) {
            return at.index();
        }
        for (int i = 0; i < known.size(); i++) {
            if (known.get(i).groupId() == at.groupId()) {
                return i;
            }
        }
        return at.index();
    }

    private Fetched<List<Group>> readGroups(int category) {
        var all = new ArrayList<Group>();
        int offset = 0;
        while (true) {
            String url =
                    baseUrl + "/catalog/categories/" + category + "/groups?offset=" + offset + "&limit=" + PAGE_SIZE;
            Fetched<TcgplayerReader.GroupPage> read = policy.fetch(() -> authorized(url, TcgplayerReader::groups));
            if (read instanceof Fetched.Failed<TcgplayerReader.GroupPage> failed) {
                return failed.as();
            }
            var page = ((Fetched.Ok<TcgplayerReader.GroupPage>) read).value();
            if (!page.problems().isEmpty()) {
                LOG.warn("tcgplayer: groups of category {} skipped: {}", category, page.problems());
            }
            all.addAll(page.groups());
            offset += PAGE_SIZE;
            if (page.read() == 0 || offset >= page.totalItems()) {
                return new Fetched.Ok<>(List.copyOf(all));
            }
        }
    }

    // ---- prices

    /**
     * Prices of the given product ids, {@link #PRICE_BATCH} a call; ids that are not product ids are skipped
     * (and counted). A batch that fails fails the whole call, so callers that want to keep the batches that
     * worked pass at most {@link #priceBatch()} ids at a time.
     */
    @Override
    public Fetched<List<PriceQuote>> prices(Game game, List<String> externalIds) {
        if (!CATEGORIES.containsKey(game)) {
            return SourceHttp.refused("TCGplayer has no " + game.id() + " prices; it serves " + games());
        }
        var ids = new LinkedHashSet<String>();
        for (String id : externalIds) {
            String s = id == null ? "" : id.strip();
            if (PRODUCT_ID.matcher(s).matches() && Integer.parseInt(s) > 0) {
                ids.add(Integer.toString(Integer.parseInt(s)));
            } else {
                skippedIds.increment();
                LOG.warn("tcgplayer: '{}' is not a TCGplayer product id; it has no price", abbreviate(s));
            }
        }
        var all = new ArrayList<String>(ids);
        var quotes = new ArrayList<PriceQuote>();
        for (int from = 0; from < all.size(); from += PRICE_BATCH) {
            String batch = String.join(",", all.subList(from, Math.min(all.size(), from + PRICE_BATCH)));
            String url = baseUrl + "/pricing/product/" + batch;
            Fetched<TcgplayerReader.PricePage> read = policy.fetch(() -> authorized(url, TcgplayerReader::prices));
            if (read instanceof Fetched.Failed<TcgplayerReader.PricePage> failed) {
                return failed.as();
            }
            var page = ((Fetched.Ok<TcgplayerReader.PricePage>) read).value();
            if (!page.problems().isEmpty()) {
                skippedResults.add(page.problems().size());
                LOG.warn(
                        "tcgplayer: {} price results skipped, the rest kept: {}",
                        page.problems().size(),
                        page.problems());
            }
            quotes.addAll(page.quotes());
        }
        return new Fetched.Ok<>(List.copyOf(quotes));
    }

    // ---- calls with the token

    /**
     * One GET with the bearer token, read by {@code reader}; on a 401 the token is renewed once and the call
     * repeated.
     */
    private <T> Fetched<T> authorized(String url, Function<Answered, Fetched<T>> reader) {
        Fetched<Token> first = currentToken();
        if (first instanceof Fetched.Failed<Token> failed) {
            return failed.as();
        }
        Token used = ((Fetched.Ok<Token>) first).value();
        Exchange exchange = get(url, used);
        if (exchange instanceof Answered a && a.status() == 401) {
            tokenRetries.increment();
            LOG.info("tcgplayer: the token was refused (401); fetching a new one and trying once more");
            Fetched<Token> renewed = renewAfterRefusal(used);
            if (renewed instanceof Fetched.Failed<Token> failed) {
                return failed.as();
            }
            exchange = get(url, ((Fetched.Ok<Token>) renewed).value());
        }
        return switch (exchange) {
            case Exchange.Failed f -> new Fetched.Failed<>(f.why());
            case Answered a
            when a.status() == 401 || a.status() == 403 ->
                new Fetched.Failed<>(new PageOutcome.Unavailable(
                        Failure.UNAUTHORIZED,
                        "TCGplayer refused a freshly issued token (" + a.status() + ")",
                        Optional.empty()));
            case Answered a -> reader.apply(a);
        };
    }

    private Exchange get(String url, Token t) {
        return http.send(
                url,
                HttpRequest.newBuilder()
                        .GET()
                        .header("Accept", "application/json")
                        .header("Authorization", "bearer " + t.value().reveal()));
    }

    private Fetched<Token> currentToken() {
        Optional<Token> t = token;
        if (t.isPresent() && t.get().freshAt(clock.instant())) {
            return new Fetched.Ok<>(t.get());
        }
        tokenLock.lock();
        try {
            t = token;
            if (t.isPresent() && t.get().freshAt(clock.instant())) {
                return new Fetched.Ok<>(t.get());
            }
            return fetchToken();
        } finally {
            tokenLock.unlock();
        }
    }

    /** A new token unless another caller already replaced {@code refused}. */
    private Fetched<Token> renewAfterRefusal(Token refused) {
        tokenLock.lock();
        try {
            Optional<Token> t = token;
            if (t.isPresent() && t.get() != refused && t.get().freshAt(clock.instant())) {
                return new Fetched.Ok<>(t.get());
            }
            token = Optional.empty();
            return fetchToken();
        } finally {
            tokenLock.unlock();
        }
    }

    /** Called with the token lock held. */
    private Fetched<Token> fetchToken() {
        if (settings.clientId() == null
                || settings.clientId().isBlank()
                || settings.clientSecret() == null
                || settings.clientSecret().isEmpty()) {
            return new Fetched.Failed<>(new PageOutcome.Unavailable(
                    Failure.NO_CREDENTIAL,
                    "TCGplayer needs a client id and a client secret (GAVEL_TCGPLAYER_CLIENT_ID,"
                            + " GAVEL_TCGPLAYER_CLIENT_SECRET)",
                    Optional.empty()));
        }
        String form = "grant_type=client_credentials&client_id=" + SourceHttp.query(settings.clientId())
                + "&client_secret=" + SourceHttp.query(settings.clientSecret().reveal());
        Exchange exchange = http.send(
                baseUrl + "/token",
                HttpRequest.newBuilder()
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Accept", "application/json"));
        Fetched<Token> read =
                switch (exchange) {
                    case Exchange.Failed f -> new Fetched.Failed<>(f.why());
                    case Answered a -> TcgplayerReader.token(a);
                };
        switch (read) {
            case Fetched.Ok<Token> ok -> {
                token = Optional.of(ok.value());
                credentialsRefused = false;
                tokensFetched.increment();
                LOG.info("tcgplayer: new token, good until {}", ok.value().expiresAt());
            }
            case Fetched.Failed<Token> failed -> {
                if (failed.why() instanceof PageOutcome.Unavailable u && u.failure() == Failure.UNAUTHORIZED) {
                    credentialsRefused = true;
                }
                LOG.warn("tcgplayer: no token: {}", failed.why());
            }
        }
        return read;
    }

    // ---- health

    @Override
    public SourceHealth health() {
        var pool = new EnumMap<CredentialKind, AuthPool.Summary>(CredentialKind.class);
        boolean configured = settings.clientId() != null
                && !settings.clientId().isBlank()
                && settings.clientSecret() != null
                && !settings.clientSecret().isEmpty();
        if (configured) {
            pool.put(
                    CredentialKind.CLIENT_SECRET,
                    credentialsRefused ? new AuthPool.Summary(0, 0, 0, 0, 1) : new AuthPool.Summary(1, 1, 0, 0, 0));
        }
        token.ifPresent(t -> pool.put(
                CredentialKind.ACCESS_TOKEN,
                clock.instant().isBefore(t.expiresAt())
                        ? new AuthPool.Summary(1, 1, 0, 0, 0)
                        : new AuthPool.Summary(0, 0, 0, 1, 0)));
        var outcomes = new TreeMap<String, Long>(policy.outcomes());
        outcomes.put("tokens_fetched", tokensFetched.sum());
        outcomes.put("token_refused_mid_run", tokenRetries.sum());
        outcomes.put("skipped_price_results", skippedResults.sum());
        outcomes.put("rejected_products", rejectedProducts.sum());
        outcomes.put("skipped_ids", skippedIds.sum());
        return new SourceHealth(
                SOURCE,
                policy.circuitState(),
                settings.policy().requestsPerSecond(),
                settings.policy().dailyBudget(),
                policy.usedToday(),
                pool,
                Optional.empty(),
                0,
                outcomes);
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
