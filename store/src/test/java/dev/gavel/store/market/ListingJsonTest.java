package dev.gavel.store.market;

import static dev.gavel.store.market.Fixtures.T0;
import static dev.gavel.store.market.Fixtures.bid;
import static dev.gavel.store.market.Fixtures.listing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gavel.market.watch.Checkpoint;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ListingJsonTest {

    @Test
    void a_listing_reads_back_as_written_with_absent_prices_as_null() {
        var l = listing("m26", "A", T0.plusNanos(5));
        String json = ListingJson.write(l);

        assertThat(json)
                .contains("\"currentBid\":null")
                .contains("\"buyNow\":1000")
                .contains("\"observedAt\":\"2026-11-21T19:00:00.000000005Z\"");
        assertThat(ListingJson.read(json)).isEqualTo(l);
        var withBid = bid(l, 650, T0);
        assertThat(ListingJson.read(ListingJson.write(withBid))).isEqualTo(withBid);
    }

    @Test
    void a_bad_field_is_named() {
        String json = ListingJson.write(listing("m26", "A", T0)).replace("\"bidCount\":0", "\"bidCount\":\"x\"");
        assertThatThrownBy(() -> ListingJson.read(json)).hasMessageContaining("bidCount");
        assertThatThrownBy(() -> ListingJson.read("[1]")).hasMessageContaining("object");
        assertThatThrownBy(() -> ListingJson.read("{")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_pending_page_reads_back_as_written() {
        var page = new PendingPage(
                "m26",
                OptionalLong.of(3),
                Optional.of(new Checkpoint(3, 9, 2, T0)),
                List.of(listing("m26", "A", T0), listing("m26", "B", T0)));
        var batch = new PendingPage("tcg", OptionalLong.empty(), Optional.empty(), List.of());

        assertThat(PendingPage.fromJson(page.toJson())).isEqualTo(page);
        assertThat(PendingPage.fromJson(batch.toJson())).isEqualTo(batch);
    }
}
