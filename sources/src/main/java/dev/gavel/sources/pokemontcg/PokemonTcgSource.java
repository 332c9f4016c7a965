package dev.gavel.sources.pokemontcg;

import dev.gavel.market.catalog.Game;
import dev.gavel.market.price.PriceQuote;
import dev.gavel.market.source.CardSource;
import dev.gavel.market.source.Fetched;
import dev.gavel.market.source.SourceHealth;
import dev.gavel.market.strategy.PageOutcome;
import dev.gavel.market.strategy.PageOutcome.Failure;
import dev.gavel.sources.pokemontcg.PokemonTcgJson.Envelope;
import dev.gavel.sources.pokemontcg.PokemonTcgJson.SetInfo;
import dev.gavel.sources.policy.SourcePolicy;
import dev.gavel.sources.wire.SourceHttp;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Pokémon TCG API (pokemontcg.io v2) as a card source: the catalog set by set ({@code GET /v2/sets}, then
 * {@code GET /v2/cards?q=set.id:X&page&pageSize&orderBy=number}) with the TCGplayer and Cardmarket prices each
 * card embeds, and current prices of given cards by {@code q=id:a OR id:b …} in batches of {@link
 * #priceBatch()}. Every call runs under the {@link SourcePolicy} (its daily budget and rate follow whether an
 * API key is set, see {@link PokemonTcgSettings#policyFor}); how fields become entries and quotes is in
 * {@link PokemonTcgJson}.
 *
 * <p>The catalog cursor is {@code "<set id>:<page>"} ("sv6:2"). Sets are read in release order at the start
 * of a catalog run (no cursor) and kept for the pages after it; a cursor naming a set the API no longer lists
 * is refused rather than guessed at. Never throws for a failed call. Thread-safe.
 */
public final class PokemonTcgSource implements CardSource {
    private static final Logger LOG = LoggerFactory.getLogger(PokemonTcgSource.class);

    /** Ids of 100 cards make a query of about 2 kB: well inside any server's URL limit, and few calls. */
    public static final int PRICE_BATCH = 100;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern CURSOR = Pattern.compile("([A-Za-z0-9._-]{1,64}):([1-9]\\d{0,5})");

    private final PokemonTcgSettings settings;
    private final SourceHttp http;
    private final Clock clock;
    private final SourcePolicy policy;
    private volatile List<SetInfo> sets = List.of();
    private volatile boolean everAnswered;

    public PokemonTcgSource(PokemonTcgSettings settings, HttpClient http, Clock clock) {
        this.settings = settings;
        this.http = new SourceHttp(PokemonTcgSettings.SOURCE, http, settings.requestTimeout(), clock);
        this.clock = clock;
        this.policy = new SourcePolicy(PokemonTcgSettings.SOURCE, settings.policy(), clock);
    }

    @Override
    public String id() {
        return PokemonTcgSettings.SOURCE;
    }

    @Override
    public Set<Game> games() {
        return Set.of(Game.POKEMON);
    }

    @Override
    public int priceBatch() {
        return PRICE_BATCH;
    }

    public SourcePolicy policy() {
        return policy;
    }

    @Override
    public Fetched<CatalogPage> catalog(Game game, Optional<String> cursor) {
        if (game != Game.POKEMON) {
            return new Fetched.Ok<>(new CatalogPage(List.of(), List.of(), List.of(), Optional.empty()));
        }
        String setId = null;
        int page = 1;
        if (cursor.isPresent()) {
            var m = CURSOR.matcher(cursor.get());
            if (!m.matches()) {
                return SourceHttp.refused("the cursor '" + SourceHttp.abbreviate(cursor.get())
                        + "' is not <set id>:<page> as this source writes it; start the catalog again without one");
            }
            setId = m.group(1);
            page = Integer.parseInt(m.group(2));
        }
        List<SetInfo> known = sets;
        if (cursor.isEmpty() || indexOf(known, setId) < 0) {
            Fetched<List<SetInfo>> read = readSets();
            if (read instanceof Fetched.Failed<List<SetInfo>> failed) {
                return failed.as();
            }
            known = ((Fetched.Ok<List<SetInfo>>) read).value();
            sets = known;
        }
        if (known.isEmpty()) {
            return new Fetched.Ok<>(new CatalogPage(List.of(), List.of(), List.of(), Optional.empty()));
        }
        int index = setId == null ? 0 : indexOf(known, setId);
        if (index < 0) {
            return SourceHttp.refused("the cursor names set '" + setId
                    + "', which pokemontcg no longer lists; start the catalog again without a cursor");
        }
        SetInfo set = known.get(index);
        int at = page;
        List<SetInfo> order = known;
        Fetched<Envelope> read = get(
                "/v2/cards",
                List.of(
                        "q",
                        "set.id:" + set.id(),
                        "page",
                        Integer.toString(page),
                        "pageSize",
                        Integer.toString(settings.pageSize()),
                        "orderBy",
                        "number"));
        return switch (read) {
            case Fetched.Failed<Envelope> failed -> failed.as();
            case Fetched.Ok<Envelope> ok -> {
                var cards = PokemonTcgJson.cards(ok.value(), clock.instant());
                Optional<String> next;
                if ((long) at * settings.pageSize() < ok.value().totalCount()
                        && !ok.value().data().isEmpty()) {
                    next = Optional.of(set.id() + ":" + (at + 1));
                } else if (index + 1 < order.size()) {
                    next = Optional.of(order.get(index + 1).id() + ":1");
                } else {
                    next = Optional.empty();
                }
                yield new Fetched.Ok<>(new CatalogPage(cards.entries(), cards.quotes(), cards.rejects(), next));
            }
        };
    }

    private static int indexOf(List<SetInfo> sets, String id) {
        for (int i = 0; i < sets.size(); i++) {
            if (sets.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    /** Every set, in release order (then id), page by page. */
    private Fetched<List<SetInfo>> readSets() {
        var all = new ArrayList<SetInfo>();
        for (int page = 1; page <= 20; page++) {
            Fetched<Envelope> read = get(
                    "/v2/sets",
                    List.of(
                            "page", Integer.toString(page),
                            "pageSize", Integer.toString(PokemonTcgSettings.MAX_PAGE_SIZE),
                            "orderBy", "releaseDate"));
            if (read instanceof Fetched.Failed<Envelope> failed) {
                return failed.as();
            }
            Envelope env = ((Fetched.Ok<Envelope>) read).value();
            all.addAll(PokemonTcgJson.sets(env));
            if (env.data().isEmpty() || (long) page * PokemonTcgSettings.MAX_PAGE_SIZE >= env.totalCount()) {
                break;
            }
        }
        var unique = new ArrayList<SetInfo>();
        var seen = new java.util.HashSet<String>();
        for (SetInfo s : all) {
            if (seen.add(s.id())) {
                unique.add(s);
            }
        }
        unique.sort(Comparator.comparing((SetInfo s) -> s.released().orElse(LocalDate.MAX))
                .thenComparing(SetInfo::id));
        return new Fetched.Ok<>(List.copyOf(unique));
    }

    @Override
    public Fetched<List<PriceQuote>> prices(Game game, List<String> externalIds) {
        if (game != Game.POKEMON) {
            return new Fetched.Ok<>(List.of());
        }
        var ids = new LinkedHashSet<String>();
        for (String id : externalIds) {
            if (ID.matcher(id).matches()) {
                ids.add(id);
            } else {
                LOG.warn(
                        "pokemontcg: '{}' is not a card id this source can ask for; it gets no price",
                        SourceHttp.abbreviate(id));
            }
        }
        var batch = new ArrayList<String>(PRICE_BATCH);
        var quotes = new ArrayList<PriceQuote>();
        var list = new ArrayList<>(ids);
        for (int from = 0; from < list.size(); from += PRICE_BATCH) {
            batch.clear();
            batch.addAll(list.subList(from, Math.min(from + PRICE_BATCH, list.size())));
            String q = String.join(" OR ", batch.stream().map(id -> "id:" + id).toList());
            Fetched<Envelope> read = get(
                    "/v2/cards",
                    List.of(
                            "q",
                            q,
                            "page",
                            "1",
                            "pageSize",
                            Integer.toString(Math.min(PokemonTcgSettings.MAX_PAGE_SIZE, batch.size()))));
            if (read instanceof Fetched.Failed<Envelope> failed) {
                return failed.as();
            }
            var asked = Set.copyOf(batch);
            PokemonTcgJson.cards(((Fetched.Ok<Envelope>) read).value(), clock.instant()).quotes().stream()
                    .filter(quote -> asked.contains(quote.externalId()))
                    .forEach(quotes::add);
        }
        return new Fetched.Ok<>(quotes);
    }

    /** One GET of the API under the policy, read as the envelope. */
    private Fetched<Envelope> get(String path, List<String> params) {
        var uri = new StringBuilder(settings.baseUrl()).append(path).append('?');
        for (int i = 0; i < params.size(); i += 2) {
            uri.append(i == 0 ? "" : "&").append(params.get(i)).append('=').append(encode(params.get(i + 1)));
        }
        HttpRequest request;
        try {
            var builder = HttpRequest.newBuilder(URI.create(uri.toString()))
                    .timeout(settings.requestTimeout())
                    .header("Accept", "application/json")
                    .GET();
            settings.apiKey().ifPresent(k -> builder.header("X-Api-Key", k.reveal()));
            request = builder.build();
        } catch (IllegalArgumentException e) {
            return SourceHttp.refused(
                    "the base URL '" + settings.baseUrl() + "' does not make a request URI: " + e.getMessage());
        }
        return policy.fetch(() -> attempt(request, PokemonTcgJson::envelope));
    }

    private <T> Fetched<T> attempt(HttpRequest request, Function<String, Fetched<T>> read) {
        return switch (http.send(request)) {
            case SourceHttp.Exchange.Failed failed -> new Fetched.Failed<>(failed.why());
            case SourceHttp.Exchange.Answered answered -> {
                everAnswered = true;
                yield answer(answered, read);
            }
        };
    }

    private <T> Fetched<T> answer(SourceHttp.Exchange.Answered answered, Function<String, Fetched<T>> read) {
        int status = answered.status();
        if (status == 200) {
            return read.apply(answered.body());
        }
        Optional<PageOutcome.Unavailable> common = SourceHttp.common(PokemonTcgSettings.SOURCE, answered);
        if (common.isPresent()) {
            return new Fetched.Failed<>(common.get());
        }
        if (status == 401 || status == 403) {
            return new Fetched.Failed<>(new PageOutcome.Unavailable(
                    settings.apiKey().isPresent() ? Failure.NO_CREDENTIAL : Failure.UNAUTHORIZED,
                    "pokemontcg refused the call (" + status + ")"
                            + (settings.apiKey().isPresent()
                                    ? ": the API key is not valid; set a valid one or none"
                                    : ""),
                    Optional.empty()));
        }
        return new Fetched.Failed<>(PokemonTcgJson.error(answered.body())
                .orElseGet(() -> new PageOutcome.Unavailable(
                        Failure.HTTP_STATUS,
                        status + " from pokemontcg: " + SourceHttp.abbreviate(answered.body()),
                        Optional.empty())));
    }

    private static String encode(String v) {
        // %20, not '+': a plus in a Lucene query means "must", and servers do not all read '+' as a space
        return URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public SourceHealth health() {
        return new SourceHealth(
                id(),
                policy.circuitState(),
                settings.policy().requestsPerSecond(),
                settings.policy().dailyBudget(),
                policy.usedToday(),
                java.util.Map.of(),
                everAnswered ? Optional.of(PokemonTcgJson.STRATEGY) : Optional.empty(),
                0,
                policy.outcomes());
    }
}
