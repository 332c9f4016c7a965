package dev.gavel.auction;

import java.util.Optional;

/**
 * Identity and eligibility of a bidder at decision time, found by the adapters (wallet link, account age,
 * ban list, rate limit). Funds are the sequencer's own business and are not part of this.
 */
public record Eligibility(boolean identityLinked, Optional<RejectionReason> ineligible) {
    public static final Eligibility OK = new Eligibility(true, Optional.empty());

    public static Eligibility refused(RejectionReason reason) {
        return new Eligibility(true, Optional.of(reason));
    }

    public static Eligibility notLinked() {
        return new Eligibility(false, Optional.empty());
    }
}
