package dev.gavel.sources.optcg;

import dev.gavel.market.catalog.Game;
import dev.gavel.market.price.PriceQuote;
import dev.gavel.market.source.CardSource;
import dev.gavel.market.source.Fetched;
import dev.gavel.market.source.SourceHealth;
import dev.gavel.market.strategy.PageOutcome;
import dev.gavel.market.strategy.PageOutcome.Failure;
import dev.gavel.sources.optcg.OptcgReader.Cards;
import dev.gavel.sources.optcg.OptcgReader.SetRef;
import dev.gavel.sources.policy.SourcePolicy;
import dev.gavel.sources.wire.SourceHttp;
import dev.gavel.sources.wire.SourceHttp.Exchange;
import dev.gavel.sources.wire.SourceHttp.Exchange.Answered;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OPTCG API's One Piece cards and prices. The catalog goes set by set ({@code /api/allSets/}, then
 * {@code /api/sets/{set_id}/} a page), each page carrying its cards' quotes: {@code market_price} as MARKET
 * and {@code inventory_price} (the lowest listing) as LOW, per printing (the base art "Normal", parallels
 * "Parallel", …). The cursor {@code index:setId} names the next set by position and id, so a resumed run
 * finds its set if the list moved. Prices for card numbers ("OP01-001") fetch each card's set once (or the
 * card endpoint {@code /api/sets/card/{id}/} for a card whose set is not in the list, such as a promo),
 * and a 404 is no price. The set list is kept for an hour and re-read at the start of every catalog run.
 *
 * <p>Every call runs under the source's {@link SourcePolicy}. Nothing is thrown for a failed call: a body
 * that is not JSON is {@link PageOutcome.Malformed}, another shape {@link PageOutcome.Drift}, a 429 {@link
 * Failure#RATE_LIMITED} with its {@code Retry-After}; a card that cannot be read is refused with its
 * reasons and the cards beside it are kept. Thread-safe.
 */
public final class OptcgSource implements CardSource {
    private static final Logger LOG = LoggerFactory.getLogger(OptcgSource.class);
    private static final String SOURCE = OptcgSettings.SOURCE;
    private static final Duration SET_LIST_TTL = Duration.ofHours(1);
    private static final Pattern CURSOR = Pattern.compile("(\\d{1,6}):(.{1,32})");
    private static final Pattern CARD_ID = Pattern.compile("([A-Za-z0-9]{1,12})-[A-Za-z0-9]{1,12}");

    /** Card numbers per {@link #prices} call; the service answers whole sets, so this only bounds one call's work. */
    public static final int PRICE_BATCH = 250;

    private record SetList(List<SetRef> sets, Instant readAt) {}

    private final OptcgSettings settings;
    private final String baseUrl;
    private final SourcePolicy policy;
    private final SourceHttp http;
    private final Clock clock;
    private volatile Optional<SetList> setList = Optional.empty();
    private final LongAdder rejectedCards = new LongAdder();
    private final LongAdder skippedIds = new LongAdder();

    public OptcgSource(OptcgSettings settings, HttpClient client, Clock clock) {
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
        return Set.of(Game.ONEPIECE);
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
        if (game != Game.ONEPIECE) {
            return SourceHttp.refused("the OPTCG API has only One Piece cards, not " + game.id());
        }
        int index = 0;
        Optional<String> setId = Optional.empty();
        if (cursor.isPresent()) {
            Matcher m = CURSOR.matcher(cursor.get());
            if (!m.matches()) {
                return SourceHttp.refused(
                        "'" + abbreviate(cursor.get()) + "' is not an OPTCG catalog cursor (index:setId)");
            }
            index = Integer.parseInt(m.group(1));
            setId = Optional.of(m.group(2));
        }
        Fetched<List<SetRef>> sets = sets(cursor.isEmpty());
        if (sets instanceof Fetched.Failed<List<SetRef>> failed) {
            return failed.as();
        }
        List<SetRef> known = ((Fetched.Ok<List<SetRef>>) sets).value();
        int at = resolve(known, index, setId);
        if (at >= known.size()) {
            return new Fetched.Ok<>(new CatalogPage(List.of(), List.of(), List.of(), Optional.empty()));
        }
        SetRef set = known.get(at);
        Fetched<Cards> read = cards("/api/sets/" + SourceHttp.segment(set.id()) + "/");
        return read.map(cards -> {
            Optional<String> next = at + 1 < known.size()
                    ? Optional.of((at + 1) + ":" + known.get(at + 1).id())
                    : Optional.empty();
            return new CatalogPage(cards.entries(), cards.quotes(), cards.rejects(), next);
        });
    }

    private static int resolve(List<SetRef> known, int index, Optional<String> setId) {
        if (setId.isEmpty() || index < known.size() && known.get(index).id().equals(setId.get())) {
            return index;
        }
        for (int i = 0; i < known.size(); i++) {
            if (known.get(i).id().equals(setId.get())) {
                return i;
            }
        }
        return index;
    }

    // ---- prices

    @Override
    public Fetched<List<PriceQuote>> prices(Game game, List<String> externalIds) {
        if (game != Game.ONEPIECE) {
            return SourceHttp.refused("the OPTCG API has only One Piece cards, not " + game.id());
        }
        var wanted = new LinkedHashSet<String>();
        for (String id : externalIds) {
            String s = id == null ? "" : id.strip();
            if (CARD_ID.matcher(s).matches()) {
                wanted.add(s);
            } else {
                skippedIds.increment();
                LOG.warn(
                        "optcg: '{}' is not a One Piece card number (such as OP01-001); it has no price",
                        abbreviate(s));
            }
        }
        if (wanted.isEmpty()) {
            return new Fetched.Ok<>(List.of());
        }
        Fetched<List<SetRef>> sets = sets(false);
        if (sets instanceof Fetched.Failed<List<SetRef>> failed) {
            return failed.as();
        }
        Map<String, SetRef> byCode = new LinkedHashMap<>();
        for (SetRef s : ((Fetched.Ok<List<SetRef>>) sets).value()) {
            byCode.putIfAbsent(s.code(), s);
        }
        Map<String, List<String>> bySet = new LinkedHashMap<>();
        List<String> loose = new ArrayList<>();
        for (String id : wanted) {
            String code = id.substring(0, id.lastIndexOf('-')).toUpperCase(java.util.Locale.ROOT);
            SetRef set = byCode.get(code);
            if (set == null) {
                loose.add(id);
            } else {
                bySet.computeIfAbsent(set.id(), k -> new ArrayList<>()).add(id);
            }
        }
        var quotes = new ArrayList<PriceQuote>();
        for (var e : bySet.entrySet()) {
            Fetched<Cards> read = cards("/api/sets/" + SourceHttp.segment(e.getKey()) + "/");
            if (read instanceof Fetched.Failed<Cards> failed) {
                return failed.as();
            }
            Set<String> ids = Set.copyOf(e.getValue());
            ((Fetched.Ok<Cards>) read)
                    .value().quotes().stream()
                            .filter(q -> ids.contains(q.externalId()))
                            .forEach(quotes::add);
        }
        for (String id : loose) {
            Fetched<Cards> read = cards("/api/sets/card/" + SourceHttp.segment(id) + "/");
            if (read instanceof Fetched.Failed<Cards> failed) {
                return failed.as();
            }
            ((Fetched.Ok<Cards>) read)
                    .value().quotes().stream()
                            .filter(q -> q.externalId().equals(id))
                            .forEach(quotes::add);
        }
        return new Fetched.Ok<>(List.copyOf(quotes));
    }

    // ---- calls

    private Fetched<List<SetRef>> sets(boolean refresh) {
        Optional<SetList> cached = setList;
        if (!refresh
                && cached.isPresent()
                && clock.instant().isBefore(cached.get().readAt().plus(SET_LIST_TTL))) {
            return new Fetched.Ok<>(cached.get().sets());
        }
        Fetched<List<SetRef>> read = policy.fetch(() -> call("/api/allSets/", OptcgReader::sets));
        if (read instanceof Fetched.Ok<List<SetRef>> ok) {
            setList = Optional.of(new SetList(ok.value(), clock.instant()));
        }
        return read;
    }

    private Fetched<Cards> cards(String path) {
        Fetched<Cards> read = policy.fetch(() -> call(path, OptcgReader::cards));
        if (read instanceof Fetched.Ok<Cards> ok && !ok.value().rejects().isEmpty()) {
            rejectedCards.add(ok.value().rejects().size());
            LOG.warn(
                    "optcg: {} cards of {} could not be read, the rest kept: {}",
                    ok.value().rejects().size(),
                    path,
                    ok.value().rejects());
        }
        return read;
    }

    private <T> Fetched<T> call(String path, Function<Answered, Fetched<T>> reader) {
        Exchange exchange =
                http.send(baseUrl + path, HttpRequest.newBuilder().GET().header("Accept", "application/json"));
        return switch (exchange) {
            case Exchange.Failed f -> new Fetched.Failed<>(f.why());
            case Answered a -> reader.apply(a);
        };
    }

    // ---- health

    @Override
    public SourceHealth health() {
        var outcomes = new TreeMap<String, Long>(policy.outcomes());
        outcomes.put("rejected_cards", rejectedCards.sum());
        outcomes.put("skipped_ids", skippedIds.sum());
        return new SourceHealth(
                SOURCE,
                policy.circuitState(),
                settings.policy().requestsPerSecond(),
                settings.policy().dailyBudget(),
                policy.usedToday(),
                Map.of(),
                Optional.empty(),
                0,
                outcomes);
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
