package dev.gavel.auction;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A campaign's calendar: N days from a start date, each split into pre-auction, auction and post-auction
 * windows given in wall time of a zone (America/New_York by default). Wall times are turned into instants
 * per day, so a day that changes to or from daylight saving time still opens at the wall time written; a
 * wall time that does not exist that day (inside the spring-forward gap) moves forward by the gap.
 */
public record CampaignPlan(LocalDate startDate, int days, ZoneId zone, LocalTime auctionStart, LocalTime auctionEnd) {
    public CampaignPlan {
        if (days < 1 || days > 366) {
            throw new IllegalArgumentException("a campaign has 1 to 366 days");
        }
        if (!auctionEnd.isAfter(auctionStart)) {
            throw new IllegalArgumentException("the auction window must end after it starts on the same day");
        }
    }

    /** One campaign day's windows as instants. */
    public record Day(
            int number, LocalDate date, Instant dayStart, Instant auctionStart, Instant auctionEnd, Instant dayEnd) {
        public Phase phaseAt(Instant t) {
            if (t.isBefore(auctionStart)) {
                return Phase.PRE_AUCTION;
            }
            return t.isBefore(auctionEnd) ? Phase.AUCTION : Phase.POST_AUCTION;
        }
    }

    public enum Phase {
        PRE_AUCTION,
        AUCTION,
        POST_AUCTION
    }

    public List<Day> schedule() {
        var list = new ArrayList<Day>(days);
        for (int i = 0; i < days; i++) {
            LocalDate date = startDate.plusDays(i);
            list.add(new Day(
                    i + 1,
                    date,
                    date.atStartOfDay(zone).toInstant(),
                    date.atTime(auctionStart).atZone(zone).toInstant(),
                    date.atTime(auctionEnd).atZone(zone).toInstant(),
                    date.plusDays(1).atStartOfDay(zone).toInstant()));
        }
        return list;
    }

    /** The campaign day {@code t} falls in, if any. */
    public Optional<Day> dayAt(Instant t) {
        return schedule().stream()
                .filter(d -> !t.isBefore(d.dayStart()) && t.isBefore(d.dayEnd()))
                .findFirst();
    }
}
