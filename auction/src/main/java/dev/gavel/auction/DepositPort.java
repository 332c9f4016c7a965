package dev.gavel.auction;

import dev.gavel.core.money.Wei;
import java.util.UUID;

/**
 * Where confirmed deposits enter the funds ledger: the chain watcher's (a chain id and tx hash as the
 * reference) and an admin's manual credits. Crediting the same {@code (source, reference)} twice changes
 * nothing.
 */
public interface DepositPort {
    DepositCredit credit(UUID bidderId, Wei amount, String source, String reference);

    /** What crediting a deposit came to. */
    sealed interface DepositCredit {
        record Credited(BidderFunds funds) implements DepositCredit {}

        record AlreadyCredited() implements DepositCredit {}

        record UnknownBidder() implements DepositCredit {}
    }
}
