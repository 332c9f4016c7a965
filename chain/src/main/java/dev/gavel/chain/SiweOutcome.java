package dev.gavel.chain;

/** What {@link SiweVerifier#verify} decided about a signed message. Outcomes are values, not exceptions. */
public sealed interface SiweOutcome {

    /**
     * The message is well formed, signed by the account it names, meant for this site and chain, and valid now.
     * Its {@link SiweMessage#nonce() nonce} is still the caller's to check as fresh and unused.
     *
     * @param address the signer, EIP-55 checksummed (the same as the message's address)
     */
    record Verified(SiweMessage message, String address) implements SiweOutcome {}

    /**
     * The message does not prove anything.
     *
     * @param detail what exactly was wrong, for logs and for the person who signed
     */
    record Rejected(SiweRejection reason, String detail) implements SiweOutcome {}
}
