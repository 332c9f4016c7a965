package dev.gavel.auction;

import static dev.gavel.auction.AuctionStatus.ACTIVE;
import static dev.gavel.auction.AuctionStatus.CANCELLED;
import static dev.gavel.auction.AuctionStatus.COMPLETED;
import static dev.gavel.auction.AuctionStatus.PAUSED;
import static dev.gavel.auction.AuctionStatus.PENDING;
import static dev.gavel.auction.AuctionStatus.PROCESSING;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuctionLifecycleTest {

    @Test
    void the_happy_path_is_pending_active_processing_completed() {
        assertThat(AuctionLifecycle.check(PENDING, ACTIVE)).isInstanceOf(Transition.Allowed.class);
        assertThat(AuctionLifecycle.check(ACTIVE, PROCESSING)).isInstanceOf(Transition.Allowed.class);
        assertThat(AuctionLifecycle.check(PROCESSING, COMPLETED)).isInstanceOf(Transition.Allowed.class);
    }

    @Test
    void pause_resume_and_cancel_are_allowed_before_the_end() {
        assertThat(AuctionLifecycle.check(ACTIVE, PAUSED)).isInstanceOf(Transition.Allowed.class);
        assertThat(AuctionLifecycle.check(PAUSED, ACTIVE)).isInstanceOf(Transition.Allowed.class);
        assertThat(AuctionLifecycle.check(PENDING, CANCELLED)).isInstanceOf(Transition.Allowed.class);
        assertThat(AuctionLifecycle.check(PAUSED, CANCELLED)).isInstanceOf(Transition.Allowed.class);
    }

    @Test
    void illegal_moves_are_refused_with_a_reason() {
        for (var from : AuctionStatus.values()) {
            for (var to : AuctionStatus.values()) {
                var t = AuctionLifecycle.check(from, to);
                if (t instanceof Transition.Refused refused) {
                    assertThat(refused.reason()).as(from + " -> " + to).isNotBlank();
                }
            }
        }
        assertThat(AuctionLifecycle.check(COMPLETED, ACTIVE))
                .isInstanceOfSatisfying(
                        Transition.Refused.class, r -> assertThat(r.reason()).contains("COMPLETED"));
        assertThat(AuctionLifecycle.check(PENDING, COMPLETED)).isInstanceOf(Transition.Refused.class);
        assertThat(AuctionLifecycle.check(PROCESSING, CANCELLED)).isInstanceOf(Transition.Refused.class);
        assertThat(AuctionLifecycle.check(PROCESSING, PAUSED)).isInstanceOf(Transition.Refused.class);
        assertThat(AuctionLifecycle.check(PROCESSING, ACTIVE)).isInstanceOf(Transition.Allowed.class); // late extension
        assertThat(AuctionLifecycle.check(ACTIVE, PENDING)).isInstanceOf(Transition.Refused.class);
        assertThat(AuctionLifecycle.check(ACTIVE, ACTIVE))
                .isInstanceOfSatisfying(
                        Transition.Refused.class, r -> assertThat(r.reason()).contains("already"));
    }
}
