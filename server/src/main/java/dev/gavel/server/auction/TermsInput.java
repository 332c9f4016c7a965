package dev.gavel.server.auction;

import dev.gavel.auction.AntiSnipe;
import dev.gavel.auction.AuctionTerms;
import dev.gavel.auction.MinIncrement;
import dev.gavel.chain.AddressCheck;
import dev.gavel.chain.Wallets;
import dev.gavel.core.money.EthAmount;
import dev.gavel.core.money.Wei;
import dev.gavel.server.http.Validation;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The auction rules as requests write them (API.md), checked field by field into {@link AuctionTerms}.
 * Defaults are AUCTIONS.md's: 5 % increment, 300 s anti-snipe window and extension, 20 s grace, funds
 * required.
 */
final class TermsInput {
    private TermsInput() {}

    record MinIncrementBody(String percent, String amount) {}

    record AntiSnipeBody(Integer windowSeconds, Integer extensionSeconds, Integer maxExtensions) {}

    record RulesBody(
            String startingPrice,
            String reservePrice,
            MinIncrementBody minIncrement,
            AntiSnipeBody antiSnipe,
            Integer graceSeconds,
            Boolean requireFunds) {}

    /** The terms, or null after recording every problem in {@code v} under {@code prefix}. */
    static AuctionTerms parse(RulesBody body, String prefix, Validation v) {
        Optional<Wei> starting = amount(body.startingPrice(), prefix + "startingPrice", v, true);
        Optional<Wei> reserve =
                body.reservePrice() == null ? starting : amount(body.reservePrice(), prefix + "reservePrice", v, false);
        Optional<BigDecimal> percent = Optional.empty();
        Optional<Wei> incrementAmount = Optional.empty();
        var inc = body.minIncrement();
        if (inc == null) {
            percent = Optional.of(new BigDecimal("5"));
        } else {
            if (inc.percent() == null && inc.amount() == null) {
                v.require(
                        false, prefix + "minIncrement", "needs percent, amount, or both, such as {\"percent\":\"5\"}");
            }
            if (inc.percent() != null) {
                try {
                    var p = new BigDecimal(inc.percent());
                    boolean ok = p.signum() > 0
                            && p.compareTo(BigDecimal.valueOf(1000)) <= 0
                            && p.scale() <= 3
                            && !inc.percent().matches(".*[eE].*");
                    v.require(
                            ok,
                            prefix + "minIncrement.percent",
                            "must be a number above 0 and at most 1000 with at most 3 decimals, such as \"5\"");
                    percent = ok ? Optional.of(p) : Optional.empty();
                } catch (NumberFormatException e) {
                    v.require(
                            false,
                            prefix + "minIncrement.percent",
                            "must be a number such as \"5\", not \"" + inc.percent() + "\"");
                }
            }
            if (inc.amount() != null) {
                incrementAmount = amount(inc.amount(), prefix + "minIncrement.amount", v, false);
            }
        }
        var snipe = body.antiSnipe() == null ? new AntiSnipeBody(null, null, null) : body.antiSnipe();
        int window = seconds(snipe.windowSeconds(), 300, 0, 86_400, prefix + "antiSnipe.windowSeconds", v);
        int extension = seconds(snipe.extensionSeconds(), 300, 0, 86_400, prefix + "antiSnipe.extensionSeconds", v);
        if (snipe.maxExtensions() != null) {
            v.require(
                    snipe.maxExtensions() >= 0 && snipe.maxExtensions() <= 10_000,
                    prefix + "antiSnipe.maxExtensions",
                    "must be 0 to 10000");
        }
        int grace = seconds(body.graceSeconds(), 20, 0, 3_600, prefix + "graceSeconds", v);
        if (starting.isEmpty() || reserve.isEmpty() || (percent.isEmpty() && incrementAmount.isEmpty())) {
            return null;
        }
        if (starting.get().isZero() && reserve.get().isZero()) {
            v.require(false, prefix + "startingPrice", "the starting price or the reserve must be above 0");
            return null;
        }
        return new AuctionTerms(
                starting.get(),
                reserve.get(),
                new MinIncrement(percent, incrementAmount),
                new AntiSnipe(
                        Duration.ofSeconds(window),
                        Duration.ofSeconds(extension),
                        snipe.maxExtensions() == null ? OptionalInt.empty() : OptionalInt.of(snipe.maxExtensions())),
                Duration.ofSeconds(grace),
                body.requireFunds() == null || body.requireFunds());
    }

    static Optional<Wei> amount(String text, String field, Validation v, boolean required) {
        if (text == null) {
            v.require(!required, field, "is required, as a decimal string of ETH such as \"0.5\"");
            return Optional.empty();
        }
        var parsed = EthAmount.parse(text);
        v.require(parsed.isValid(), field, parsed.problem());
        return parsed.wei();
    }

    static Instant time(String text, String field, Validation v) {
        if (text == null) {
            v.require(false, field, "is required, as ISO-8601 with an offset such as 2026-11-21T14:00:00-05:00");
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            v.require(
                    false,
                    field,
                    "must be ISO-8601 with an offset such as 2026-11-21T14:00:00-05:00, not \"" + text + "\"");
            return null;
        }
    }

    private static int seconds(Integer value, int fallback, int min, int max, String field, Validation v) {
        if (value == null) {
            return fallback;
        }
        v.require(value >= min && value <= max, field, "must be " + min + " to " + max + " seconds");
        return Math.max(min, Math.min(max, value));
    }

    /**
     * An artwork's place on chain, when given: {@code contract} an address (EIP-55 checksum checked when
     * mixed case) and {@code tokenId} a whole number that fits a uint256; a contract needs its token id.
     */
    static void artworkOnChain(String contract, String tokenId, String prefix, Validation v) {
        boolean hasContract = contract != null && !contract.isBlank();
        boolean hasToken = tokenId != null && !tokenId.isBlank();
        if (hasContract && Wallets.check(contract) instanceof AddressCheck.Invalid bad) {
            v.require(false, prefix + "contract", "is not an address: " + bad.reason());
        }
        if (hasToken) {
            boolean number = tokenId.matches("^[0-9]{1,78}$") && new BigInteger(tokenId).bitLength() <= 256;
            v.require(number, prefix + "tokenId", "must be a whole number from 0 to 2^256-1, as a string");
        }
        // a token id alone may name a token of the campaign's collection; a contract needs the token
        v.require(!hasContract || hasToken, prefix + "tokenId", "is required with " + prefix + "contract");
    }
}
