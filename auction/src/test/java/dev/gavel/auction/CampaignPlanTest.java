package dev.gavel.auction;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gavel.core.time.Eastern;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

class CampaignPlanTest {

    @Test
    void the_auction_opens_at_two_pm_eastern_on_both_sides_of_spring_forward() {
        var plan =
                new CampaignPlan(LocalDate.of(2026, 3, 7), 3, Eastern.ZONE, LocalTime.of(14, 0), LocalTime.of(16, 0));
        var days = plan.schedule();

        assertThat(days.get(0).auctionStart()).isEqualTo(Instant.parse("2026-03-07T19:00:00Z")); // EST, UTC-5
        assertThat(days.get(1).auctionStart()).isEqualTo(Instant.parse("2026-03-08T18:00:00Z")); // EDT, UTC-4
        assertThat(days.get(1).auctionEnd()).isEqualTo(Instant.parse("2026-03-08T20:00:00Z"));
        assertThat(Duration.between(days.get(1).dayStart(), days.get(1).dayEnd()))
                .isEqualTo(Duration.ofHours(23));
    }

    @Test
    void the_fall_back_day_has_twenty_five_hours_and_still_opens_at_wall_time() {
        var plan =
                new CampaignPlan(LocalDate.of(2026, 10, 31), 2, Eastern.ZONE, LocalTime.of(14, 0), LocalTime.of(16, 0));
        var sunday = plan.schedule().get(1);

        assertThat(sunday.date()).isEqualTo(LocalDate.of(2026, 11, 1));
        assertThat(sunday.auctionStart()).isEqualTo(Instant.parse("2026-11-01T19:00:00Z")); // back to EST
        assertThat(Duration.between(sunday.dayStart(), sunday.dayEnd())).isEqualTo(Duration.ofHours(25));
    }

    @Test
    void a_window_across_the_changeover_hour_is_as_long_as_the_clocks_say() {
        var night = new CampaignPlan(LocalDate.of(2026, 3, 8), 1, Eastern.ZONE, LocalTime.of(1, 0), LocalTime.of(4, 0));
        var day = night.schedule().get(0);
        assertThat(Duration.between(day.auctionStart(), day.auctionEnd()))
                .isEqualTo(Duration.ofHours(2)); // 02:00-03:00 never happens

        var fall =
                new CampaignPlan(LocalDate.of(2026, 11, 1), 1, Eastern.ZONE, LocalTime.of(0, 30), LocalTime.of(3, 0));
        var d = fall.schedule().get(0);
        assertThat(Duration.between(d.auctionStart(), d.auctionEnd()))
                .isEqualTo(Duration.ofHours(3).plusMinutes(30)); // 01:00-02:00 twice
    }

    @Test
    void a_wall_time_inside_the_gap_moves_forward() {
        var plan = new CampaignPlan(LocalDate.of(2026, 3, 8), 1, Eastern.ZONE, LocalTime.of(2, 30), LocalTime.of(5, 0));
        assertThat(plan.schedule().get(0).auctionStart()).isEqualTo(Instant.parse("2026-03-08T07:30:00Z")); // 03:30 EDT
    }

    @Test
    void phases_and_days_are_found_by_instant() {
        var plan =
                new CampaignPlan(LocalDate.of(2026, 11, 20), 3, Eastern.ZONE, LocalTime.of(14, 0), LocalTime.of(16, 0));
        var t = Instant.parse("2026-11-21T19:30:00Z"); // 14:30 EST on day 2

        var day = plan.dayAt(t).orElseThrow();
        assertThat(day.number()).isEqualTo(2);
        assertThat(day.phaseAt(t)).isEqualTo(CampaignPlan.Phase.AUCTION);
        assertThat(day.phaseAt(t.minus(Duration.ofHours(1)))).isEqualTo(CampaignPlan.Phase.PRE_AUCTION);
        assertThat(day.phaseAt(t.plus(Duration.ofHours(2)))).isEqualTo(CampaignPlan.Phase.POST_AUCTION);
        assertThat(plan.dayAt(Instant.parse("2026-11-25T12:00:00Z"))).isEmpty();
    }
}
