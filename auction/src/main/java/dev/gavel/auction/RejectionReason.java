package dev.gavel.auction;

/** Why a bid was not accepted, in words a bidder can act on. */
public enum RejectionReason {
    AUCTION_NOT_STARTED("the auction has not started yet"),
    AUCTION_PAUSED("the auction is paused"),
    AUCTION_ENDED("the auction has ended"),
    AUCTION_CANCELLED("the auction was cancelled"),
    BID_BEFORE_START("the bid was made before the auction started"),
    WALLET_NOT_LINKED("link a wallet to your account before bidding"),
    ACCOUNT_TOO_NEW("your account is too new to bid"),
    BIDDER_BANNED("you may not bid in this auction"),
    RATE_LIMITED("too many bids too fast; wait a moment"),
    BELOW_RESERVE("the bid is below the reserve price"),
    BELOW_MIN_INCREMENT("the bid does not beat the highest by the minimum increment"),
    INSUFFICIENT_FUNDS("not enough funds in escrow for this bid"),
    PAYMENT_NOT_FOUND("the payment transaction was not found on chain"),
    PAYMENT_FAILED("the payment transaction failed on chain"),
    PAYMENT_NOT_FROM_WALLET("the payment was not sent from your linked wallet"),
    PAYMENT_NOT_TO_ESCROW("the payment was not sent to the auction's escrow address"),
    PAYMENT_TOO_SMALL("the payment is smaller than the bid"),
    PAYMENT_UNCONFIRMED("the payment was not confirmed in time"),
    PAYMENT_ALREADY_USED("the payment already backs a bid in another auction or of another bidder"),
    VOIDED("an admin voided this bid");

    private final String words;

    RejectionReason(String words) {
        this.words = words;
    }

    /** A sentence a bidder reads in a reply. */
    public String words() {
        return words;
    }
}
