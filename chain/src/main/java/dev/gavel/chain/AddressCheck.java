package dev.gavel.chain;

import java.util.Optional;

/** What {@link Wallets#check(String)} made of a would-be Ethereum address. */
public sealed interface AddressCheck {

    /** The address in EIP-55 checksummed form, when the candidate was one. */
    Optional<String> address();

    /** A well-formed address, written in its EIP-55 checksummed form ({@code 0x5aAeb6…}). */
    record Valid(String checksummed) implements AddressCheck {
        @Override
        public Optional<String> address() {
            return Optional.of(checksummed);
        }
    }

    /** Not an address, and why, in words the person who typed it can act on. */
    record Invalid(String reason) implements AddressCheck {
        @Override
        public Optional<String> address() {
            return Optional.empty();
        }
    }
}
