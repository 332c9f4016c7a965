package dev.gavel.market.listing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PricePointTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    static ListingDelta delta(DeltaKind kind, Listing l) {
        return new ListingDelta(kind, l, Optional.empty(), 1);
    }

    static PricePoint point(PriceKind kind, long amount) {
        return new PricePoint("m26", "1001", "77", kind, amount, Currency.COINS, T0);
    }

    @Test
    void a_new_listing_leaves_its_current_bid_and_buy_now_price() {
        assertThat(PricePoint.of(delta(DeltaKind.NEW, DeltasTest.active())))
                .containsExactly(point(PriceKind.CURRENT_BID, 1200), point(PriceKind.BUY_NOW, 5000));
    }

    @Test
    void a_new_listing_without_bids_leaves_only_its_buy_now_price() {
        assertThat(PricePoint.of(delta(DeltaKind.NEW, DeltasTest.listing(ListingState.ACTIVE, 0, 5000, 0))))
                .containsExactly(point(PriceKind.BUY_NOW, 5000));
        assertThat(PricePoint.of(delta(DeltaKind.NEW, DeltasTest.listing(ListingState.ACTIVE, 0, 0, 0))))
                .isEmpty();
    }

    @Test
    void a_bid_leaves_only_the_current_bid() {
        assertThat(PricePoint.of(delta(DeltaKind.NEW_BID, DeltasTest.active())))
                .containsExactly(point(PriceKind.CURRENT_BID, 1200));
    }

    @Test
    void a_price_change_leaves_both_prices() {
        assertThat(PricePoint.of(delta(DeltaKind.PRICE_CHANGE, DeltasTest.active())))
                .containsExactly(point(PriceKind.CURRENT_BID, 1200), point(PriceKind.BUY_NOW, 5000));
    }

    @Test
    void a_sale_leaves_its_final_price() {
        assertThat(PricePoint.of(delta(DeltaKind.SOLD, DeltasTest.listing(ListingState.SOLD, 1500, 5000, 4))))
                .containsExactly(point(PriceKind.SOLD, 1500));
        assertThat(PricePoint.of(delta(DeltaKind.SOLD, DeltasTest.listing(ListingState.SOLD, 0, 5000, 0))))
                .containsExactly(point(PriceKind.SOLD, 5000));
    }

    @Test
    void expiry_and_cancellation_leave_nothing() {
        assertThat(PricePoint.of(delta(DeltaKind.EXPIRED, DeltasTest.listing(ListingState.EXPIRED, 0, 5000, 0))))
                .isEmpty();
        assertThat(PricePoint.of(delta(DeltaKind.CANCELLED, DeltasTest.listing(ListingState.CANCELLED, 1200, 5000, 3))))
                .isEmpty();
    }

    @Test
    void a_listing_first_seen_sold_leaves_its_sale_price_not_asking_prices() {
        assertThat(PricePoint.of(delta(DeltaKind.NEW, DeltasTest.listing(ListingState.SOLD, 1500, 5000, 4))))
                .containsExactly(point(PriceKind.SOLD, 1500));
    }

    @Test
    void a_listing_first_seen_expired_or_cancelled_leaves_nothing() {
        assertThat(PricePoint.of(delta(DeltaKind.NEW, DeltasTest.listing(ListingState.EXPIRED, 0, 5000, 0))))
                .isEmpty();
        assertThat(PricePoint.of(delta(DeltaKind.NEW, DeltasTest.listing(ListingState.CANCELLED, 1200, 5000, 3))))
                .isEmpty();
    }
}
