package dev.gavel.sim.cards;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import org.junit.jupiter.api.Test;

class DemoCardsTest {
    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

    @Test
    void theSameSeedGivesTheSameWorld() {
        var a = DemoCards.generate(7, 300, 100);
        var b = DemoCards.generate(7, 300, 100);
        assertThat(a.cards()).isEqualTo(b.cards());
        var card = a.cards().get(17);
        assertThat(a.prices(card, card.printings().get(0), NOW, NOW))
                .isEqualTo(b.prices(card, card.printings().get(0), NOW, NOW));
    }

    @Test
    void everyCardHasItsOwnIdsAndNumberWithinItsSet() {
        var world = DemoCards.generate(1, 10_000, 2_000);
        assertThat(world.cards()).hasSize(12_000);
        var products = new HashSet<Integer>();
        var sourceIds = new HashSet<String>();
        for (var c : world.cards()) {
            assertThat(products.add(c.productId())).isTrue();
            assertThat(sourceIds.add(c.sourceId())).as(c.sourceId()).isTrue();
            assertThat(world.byProductId(c.productId())).contains(c);
            assertThat(world.bySourceId(c.sourceId())).contains(c);
        }
        assertThat(world.cards().get(0).sourceId()).isEqualTo("sv3pt5-1");
        assertThat(world.cards().get(10_000).sourceId()).isEqualTo("OP01-001");
    }

    @Test
    void pricesArePositiveMoveWithTimeAndMoversMoveMost() {
        var world = DemoCards.generate(3, 400, 0);
        for (var c : world.cards()) {
            for (String p : c.printings()) {
                long now = world.market(c, p, NOW, NOW);
                long weekAgo = world.market(c, p, NOW.minus(Duration.ofDays(7)), NOW);
                assertThat(now).isPositive();
                assertThat(weekAgo).isPositive();
                if (c.moverSlope() != 0) {
                    double change = Math.abs((double) now / weekAgo - 1);
                    assertThat(change).as(c.name()).isGreaterThan(0.05);
                }
            }
        }
        assertThat(world.cards().stream().filter(c -> c.moverSlope() != 0).count())
                .isGreaterThan(5);
    }
}
