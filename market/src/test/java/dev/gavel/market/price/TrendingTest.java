package dev.gavel.market.price;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gavel.market.price.Trending.Candidate;
import dev.gavel.market.price.Trending.Direction;
import dev.gavel.market.price.Trending.Row;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TrendingTest {
    private static final long SEED = 0x7E4D_2026L;

    private static final List<Candidate> CANDIDATES = List.of(
            new Candidate("up10", 1100, 1000, 12),
            new Candidate("down30", 700, 1000, 5),
            new Candidate("up50-thin", 1500, 1000, 1), // one sale: must not top the list
            new Candidate("flat", 1000, 1000, 40),
            new Candidate("down90-thin", 100, 1000, 2),
            new Candidate("no-reference", 500, 0, 50),
            new Candidate("up20", 1200, 1000, 3));

    private static List<String> ids(List<Row> rows) {
        return rows.stream().map(Row::itemId).toList();
    }

    @Test
    void gainers_rank_by_change_descending_without_thin_markets() {
        assertThat(ids(Trending.rank(CANDIDATES, Direction.GAINERS, 10, false)))
                .containsExactly("up20", "up10", "flat", "down30");
    }

    @Test
    void losers_rank_by_change_ascending_without_thin_markets() {
        assertThat(ids(Trending.rank(CANDIDATES, Direction.LOSERS, 10, false)))
                .containsExactly("down30", "flat", "up10", "up20");
    }

    @Test
    void thin_markets_come_after_every_ranked_row_when_asked_for() {
        var rows = Trending.rank(CANDIDATES, Direction.GAINERS, 10, true);
        assertThat(ids(rows)).containsExactly("up20", "up10", "flat", "down30", "up50-thin", "down90-thin");
        assertThat(rows).filteredOn(Row::thin).extracting(Row::itemId).containsExactly("up50-thin", "down90-thin");
        assertThat(ids(Trending.rank(CANDIDATES, Direction.LOSERS, 10, true)))
                .containsExactly("down30", "flat", "up10", "up20", "down90-thin", "up50-thin");
    }

    @Test
    void a_row_carries_its_change() {
        assertThat(Trending.rank(CANDIDATES, Direction.GAINERS, 1, false))
                .containsExactly(new Row("up20", 1200, 1000, new BigDecimal("20.00"), 3, false));
    }

    @Test
    void the_limit_cuts_the_list_and_thin_rows_go_first_to_the_cut() {
        assertThat(ids(Trending.rank(CANDIDATES, Direction.GAINERS, 2, true))).containsExactly("up20", "up10");
        assertThat(Trending.rank(CANDIDATES, Direction.GAINERS, 0, true)).isEmpty();
        assertThatThrownBy(() -> Trending.rank(CANDIDATES, Direction.GAINERS, -1, true))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ties_go_to_the_busier_market_then_by_id() {
        var tied = List.of(
                new Candidate("b", 1100, 1000, 5),
                new Candidate("a", 1100, 1000, 5),
                new Candidate("c", 2200, 2000, 9));
        assertThat(ids(Trending.rank(tied, Direction.GAINERS, 10, false))).containsExactly("c", "a", "b");
        assertThat(ids(Trending.rank(tied, Direction.LOSERS, 10, false))).containsExactly("c", "a", "b");
    }

    @Test
    void nothing_to_rank_is_an_empty_list() {
        assertThat(Trending.rank(List.of(), Direction.GAINERS, 10, true)).isEmpty();
    }

    @Test
    void random_candidates_come_out_ordered_and_never_thin_above_ranked() {
        var random = new SplittableRandom(SEED);
        for (int run = 0; run < 300; run++) {
            var candidates = new ArrayList<Candidate>();
            for (int i = random.nextInt(0, 40); i > 0; i--) {
                candidates.add(new Candidate(
                        "c" + i, random.nextLong(0, 5000), random.nextLong(0, 5000), random.nextLong(0, 8)));
            }
            var direction = random.nextBoolean() ? Direction.GAINERS : Direction.LOSERS;
            boolean withThin = random.nextBoolean();
            var rows = Trending.rank(candidates, direction, 100, withThin);
            String as = "seed %x run %d".formatted(SEED, run);
            assertThat(rows.size())
                    .as(as)
                    .isEqualTo(candidates.stream()
                            .filter(c -> c.reference() != 0)
                            .filter(c -> withThin || c.observations() >= PriceStats.MIN_OBSERVATIONS)
                            .count());
            for (int i = 1; i < rows.size(); i++) {
                Row a = rows.get(i - 1), b = rows.get(i);
                assertThat(!a.thin() || b.thin()).as(as + " thin after ranked").isTrue();
                if (a.thin() == b.thin()) {
                    int cmp = a.changePercent().compareTo(b.changePercent());
                    assertThat(direction == Direction.GAINERS ? cmp >= 0 : cmp <= 0)
                            .as(as)
                            .isTrue();
                }
            }
        }
    }
}
