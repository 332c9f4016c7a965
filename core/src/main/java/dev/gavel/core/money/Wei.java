package dev.gavel.core.money;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * An amount of ETH in wei (10^-18 ETH), never negative. All arithmetic is exact; percentages round up to
 * the next wei so that "at least 5 % more" never lets a bid through a rounding crack.
 */
public record Wei(BigInteger value) implements Comparable<Wei> {
    public static final Wei ZERO = new Wei(BigInteger.ZERO);
    private static final BigDecimal WEI_PER_ETH = BigDecimal.TEN.pow(18);

    public Wei {
        Objects.requireNonNull(value, "value");
        if (value.signum() < 0) {
            throw new IllegalArgumentException("wei cannot be negative: " + value);
        }
    }

    public static Wei of(long wei) {
        return new Wei(BigInteger.valueOf(wei));
    }

    public static Wei of(BigInteger wei) {
        return new Wei(wei);
    }

    /** Exact conversion of a decimal ETH amount with at most 18 decimals. */
    public static Wei ofEth(String eth) {
        return EthAmount.parse(eth)
                .wei()
                .orElseThrow(
                        () -> new IllegalArgumentException(EthAmount.parse(eth).problem()));
    }

    public Wei plus(Wei other) {
        return new Wei(value.add(other.value));
    }

    /** This minus {@code other}; throws when that would be negative. */
    public Wei minus(Wei other) {
        return new Wei(value.subtract(other.value));
    }

    /** This minus {@code other}, or zero when {@code other} is larger. */
    public Wei minusOrZero(Wei other) {
        return value.compareTo(other.value) <= 0 ? ZERO : new Wei(value.subtract(other.value));
    }

    /** This amount increased by {@code percent} %, rounded up to a whole wei. */
    public Wei plusPercent(BigDecimal percent) {
        var increase = new BigDecimal(value).multiply(percent).divide(BigDecimal.valueOf(100), 0, RoundingMode.CEILING);
        return new Wei(value.add(increase.toBigIntegerExact()));
    }

    public boolean isZero() {
        return value.signum() == 0;
    }

    public boolean isLessThan(Wei other) {
        return compareTo(other) < 0;
    }

    public static Wei max(Wei a, Wei b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** Plain decimal ETH without trailing zeros: {@code "2.5"}, {@code "0.000000000000000001"}, {@code "3"}. */
    public String toEth() {
        var eth = new BigDecimal(value).divide(WEI_PER_ETH).stripTrailingZeros();
        return eth.scale() < 0 ? eth.setScale(0).toPlainString() : eth.toPlainString();
    }

    @Override
    public int compareTo(Wei other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return toEth() + " ETH";
    }
}
