package dev.gavel.sim.m26;

/** Coin amounts as the auction house steps them: prices round to, and bids rise by, a step that grows with the price. */
final class Coins {
    private Coins() {}

    /** The step at {@code price}: 50 below 1,000, 100 below 10,000, 250 below 50,000, 500 below 100,000, else 1,000. */
    static int step(int price) {
        if (price < 1_000) {
            return 50;
        } else if (price < 10_000) {
            return 100;
        } else if (price < 50_000) {
            return 250;
        } else if (price < 100_000) {
            return 500;
        }
        return 1_000;
    }

    /** {@code price} rounded to the nearest step, at least one step. */
    static int round(int price) {
        int step = step(price);
        return Math.max(step, (int) Math.round(price / (double) step) * step);
    }

    /** The smallest bid that beats {@code currentBid}. */
    static int nextAbove(int currentBid) {
        return currentBid + step(currentBid);
    }
}
