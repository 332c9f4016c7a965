package dev.gavel.market.price;

import java.math.BigInteger;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * TCGplayer's trend colour for a card: whether its price went up, down or nowhere over the last two weeks.
 *
 * <p>The rule ({@link #of}): take the 14 UTC days that end with {@code today} (today and the 13 before it).
 * The <em>first</em> three are {@code today - 13} to {@code today - 11}, the <em>last</em> three
 * {@code today - 2} to {@code today}. Each side's mean is the total sum of its bars over their total count
 * (weighted by observations, not a mean of daily means). Then:
 *
 * <ul>
 *   <li>{@link #FLAT} when either side has no observation, or the first side's mean is 0;
 *   <li>{@link #UP} when the last mean is at least 20 % above the first ({@code last >= 1.2 × first});
 *   <li>{@link #DOWN} when it is at least 20 % below ({@code last <= 0.8 × first});
 *   <li>{@link #FLAT} otherwise.
 * </ul>
 *
 * The comparison is exact (no rounding of the means). The eight days in between do not count.
 */
public enum TrendColour {
    UP,
    DOWN,
    FLAT;

    /** How many days the rule looks back over, today included. */
    public static final int DAYS = 14;
    /** How many days at each end of the period are averaged. */
    public static final int SIDE = 3;

    private static final BigInteger FOUR = BigInteger.valueOf(4);
    private static final BigInteger FIVE = BigInteger.valueOf(5);
    private static final BigInteger SIX = BigInteger.valueOf(6);

    /**
     * The trend of {@code dailyBars} (any order) as of {@code today}; a bar counts on the UTC date it starts,
     * so bars of a day or finer work alike.
     */
    public static TrendColour of(List<PriceBar> dailyBars, LocalDate today) {
        LocalDate firstFrom = today.minusDays(DAYS - 1);
        LocalDate firstTo = firstFrom.plusDays(SIDE - 1);
        LocalDate lastFrom = today.minusDays(SIDE - 1);
        long firstSum = 0, firstCount = 0, lastSum = 0, lastCount = 0;
        for (PriceBar bar : dailyBars) {
            LocalDate day = LocalDate.ofInstant(bar.start(), ZoneOffset.UTC);
            if (!day.isBefore(firstFrom) && !day.isAfter(firstTo)) {
                firstSum = Math.addExact(firstSum, bar.sum());
                firstCount += bar.count();
            } else if (!day.isBefore(lastFrom) && !day.isAfter(today)) {
                lastSum = Math.addExact(lastSum, bar.sum());
                lastCount += bar.count();
            }
        }
        if (firstCount == 0 || lastCount == 0 || firstSum == 0) {
            return FLAT;
        }
        // last/first against 6/5 and 4/5, cross-multiplied so that nothing rounds:
        // lastSum/lastCount >= 1.2 × firstSum/firstCount  <=>  5 × lastSum × firstCount >= 6 × firstSum × lastCount
        BigInteger last = BigInteger.valueOf(lastSum)
                .multiply(BigInteger.valueOf(firstCount))
                .multiply(FIVE);
        BigInteger first = BigInteger.valueOf(firstSum).multiply(BigInteger.valueOf(lastCount));
        if (last.compareTo(first.multiply(SIX)) >= 0) {
            return UP;
        }
        if (last.compareTo(first.multiply(FOUR)) <= 0) {
            return DOWN;
        }
        return FLAT;
    }
}
