package dev.gavel.store.identity;

import java.util.Optional;

/** What a link attempt came to, once the signature was found good. Business outcomes, not exceptions. */
public sealed interface LinkOutcome {
    /** Linked; {@code previousWallet} is the wallet it replaced on a relink. */
    record Linked(String wallet, Optional<String> previousWallet) implements LinkOutcome {}

    /** The bidder already had this very wallet; nothing changed. */
    record AlreadyLinked(String wallet) implements LinkOutcome {}

    /** No such nonce was issued. */
    record UnknownNonce() implements LinkOutcome {}

    /** The nonce was issued to another bidder. */
    record NonceOfAnotherBidder() implements LinkOutcome {}

    /** The nonce was used already. */
    record NonceUsed() implements LinkOutcome {}

    /** The nonce expired. */
    record NonceExpired() implements LinkOutcome {}

    /** The bidder has another wallet linked; replacing it must be asked for explicitly. */
    record RelinkRequired(String currentWallet) implements LinkOutcome {}

    /** The wallet is linked to another bidder. */
    record WalletTaken() implements LinkOutcome {}
}
