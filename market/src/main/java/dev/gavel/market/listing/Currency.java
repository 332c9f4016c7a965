package dev.gavel.market.listing;

/**
 * The unit a listing's prices are counted in. Amounts are always whole numbers of the smallest unit:
 * coins for Ultimate Team markets, cents for dollars.
 */
public enum Currency {
    COINS(0),
    USD(2),
    EUR(2);

    private final int scale;

    Currency(int scale) {
        this.scale = scale;
    }

    /** Digits after the decimal point of a display amount: 0 for coins, 2 for dollars. */
    public int scale() {
        return scale;
    }
}
