package dev.gavel.store.market;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gavel.store.Redis;
import dev.gavel.testkit.TestRedis;
import dev.gavel.testkit.WithPostgresAndRedis;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Cached card reads in a real Redis: hits, invalidation, and a miss that raced new prices not being kept. */
@WithPostgresAndRedis
class CardCacheIT {
    private static final long CARD = 4_242;

    private final Redis redis;
    private final CardCache cache;

    CardCacheIT(TestRedis testRedis) {
        redis = Redis.connect(testRedis.uri(), Duration.ofSeconds(2));
        cache = new CardCache(redis);
    }

    @BeforeEach
    void empty() {
        redis.sync().flushdb();
    }

    @AfterEach
    void close() {
        redis.close();
    }

    private static byte[] body(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(CardCache.Read read) {
        return read.body().map(b -> new String(b, StandardCharsets.UTF_8)).orElse("(miss)");
    }

    @Test
    void a_miss_then_a_put_is_a_hit_and_both_are_counted() {
        var miss = cache.card(CARD, "card");
        assertThat(miss.body()).isEmpty();

        assertThat(cache.putCard(CARD, "card", body("{\"a\":1}"), miss.generation()))
                .isTrue();

        assertThat(text(cache.card(CARD, "card"))).isEqualTo("{\"a\":1}");
        assertThat(cache.hits()).isEqualTo(1);
        assertThat(cache.misses()).isEqualTo(1);
        assertThat(cache.hitRatio()).isEqualTo(0.5);
        long ttl = redis.sync().ttl(MarketKeys.cardReads(CARD));
        assertThat(ttl).isBetween(1L, CardCache.TTL.toSeconds());
    }

    @Test
    void new_prices_drop_every_read_of_the_card_and_the_trending_lists_only() {
        cache.putCard(CARD, "card", body("old page"), cache.card(CARD, "card").generation());
        cache.putCard(
                CARD,
                "history:x",
                body("old history"),
                cache.card(CARD, "history:x").generation());
        cache.putCard(7, "card", body("other card"), cache.card(7, "card").generation());
        cache.putTrending("24h", body("old movers"), cache.trending("24h").generation());

        cache.invalidate(List.of(CARD));

        assertThat(cache.card(CARD, "card").body()).isEmpty();
        assertThat(cache.card(CARD, "history:x").body()).isEmpty();
        assertThat(cache.trending("24h").body()).isEmpty();
        assertThat(text(cache.card(7, "card"))).isEqualTo("other card");

        var again = cache.card(CARD, "card");
        assertThat(cache.putCard(CARD, "card", body("new page"), again.generation()))
                .isTrue();
        assertThat(text(cache.card(CARD, "card"))).isEqualTo("new page");
    }

    @Test
    void a_read_computed_before_new_prices_and_kept_after_them_is_not_kept() {
        // a request misses and starts reading PostgreSQL ...
        var miss = cache.card(CARD, "card");
        // ... the price job commits new prices and drops the card's reads ...
        cache.invalidate(List.of(CARD));
        // ... and the request, done with what it read before, would keep the old prices for 10 minutes
        assertThat(cache.putCard(CARD, "card", body("old prices"), miss.generation()))
                .isFalse();
        assertThat(cache.card(CARD, "card").body()).isEmpty();

        // the same happens on a card with reads cached already, and twice in a row
        var fresh = cache.card(CARD, "card");
        assertThat(cache.putCard(CARD, "card", body("new prices"), fresh.generation()))
                .isTrue();
        var missOfOther = cache.card(CARD, "history:y");
        cache.invalidate(List.of(CARD));
        cache.invalidate(List.of(CARD));
        assertThat(cache.putCard(CARD, "history:y", body("old history"), missOfOther.generation()))
                .isFalse();
        assertThat(cache.card(CARD, "card").body()).isEmpty();
    }

    @Test
    void a_trending_list_computed_before_new_prices_is_not_kept() {
        var miss = cache.trending("pokemon:24h");
        cache.invalidate(List.of(1L));
        assertThat(cache.putTrending("pokemon:24h", body("old movers"), miss.generation()))
                .isFalse();

        var fresh = cache.trending("pokemon:24h");
        assertThat(cache.putTrending("pokemon:24h", body("movers"), fresh.generation()))
                .isTrue();
        assertThat(text(cache.trending("pokemon:24h"))).isEqualTo("movers");
        assertThat(redis.sync().ttl(MarketKeys.TRENDING)).isBetween(1L, CardCache.TRENDING_TTL.toSeconds());
    }

    @Test
    void invalidating_more_cards_than_one_batch_drops_them_all() {
        var ids = LongStream.rangeClosed(1, 1_234).boxed().toList();
        for (long id : ids) {
            cache.putCard(id, "card", body("page " + id), "");
        }

        cache.invalidate(ids);

        assertThat(ids)
                .allSatisfy(id -> assertThat(cache.card(id, "card").body()).isEmpty());
        // what is left of each hash is its generation, and it goes away with the cache's TTL
        assertThat(redis.sync().hkeys(MarketKeys.cardReads(1_234))).containsExactly(CardCache.GENERATION);
        assertThat(redis.sync().ttl(MarketKeys.cardReads(1_234))).isBetween(1L, CardCache.TTL.toSeconds());
    }
}
