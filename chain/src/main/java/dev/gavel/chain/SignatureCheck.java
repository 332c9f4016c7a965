package dev.gavel.chain;

import java.util.Optional;

/** What {@link Eip191#recover} found: the account that signed, or why the signature is not one. */
public sealed interface SignatureCheck {

    /** The checksummed address of the signer, when one could be recovered. */
    Optional<String> signer();

    /** The signature recovers to this account (EIP-55 checksummed). */
    record Recovered(String address) implements SignatureCheck {
        @Override
        public Optional<String> signer() {
            return Optional.of(address);
        }
    }

    /** Not a usable signature: bad hex, wrong length, an invalid {@code v}, or no key recovers from it. */
    record Malformed(String reason) implements SignatureCheck {
        @Override
        public Optional<String> signer() {
            return Optional.empty();
        }
    }
}
