package dev.gavel.sim.chain;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The accounts and tokens after some block: balances in wei, nonces, and each collection's owners and approvals.
 * Keys are lowercase addresses. Mutable and not thread-safe: the {@link Ledger} holds it under its lock and keeps
 * copies as per-block snapshots.
 */
final class WorldState {
    private final Map<String, BigInteger> balances;
    private final Map<String, Long> nonces;
    private final Map<String, Tokens> collections;

    WorldState() {
        this(new HashMap<>(), new HashMap<>(), new HashMap<>());
    }

    private WorldState(Map<String, BigInteger> balances, Map<String, Long> nonces, Map<String, Tokens> collections) {
        this.balances = balances;
        this.nonces = nonces;
        this.collections = collections;
    }

    WorldState copy() {
        var tokens = new HashMap<String, Tokens>();
        collections.forEach((address, t) -> tokens.put(address, t.copy()));
        return new WorldState(new HashMap<>(balances), new HashMap<>(nonces), tokens);
    }

    BigInteger balance(String address) {
        return balances.getOrDefault(address, BigInteger.ZERO);
    }

    void credit(String address, BigInteger wei) {
        if (wei.signum() != 0) {
            balances.merge(address, wei, BigInteger::add);
        }
    }

    void debit(String address, BigInteger wei) {
        BigInteger left = balance(address).subtract(wei);
        if (left.signum() < 0) {
            throw new IllegalStateException(address + " cannot pay " + wei + " wei: it holds " + balance(address));
        }
        balances.put(address, left);
    }

    long nonce(String address) {
        return nonces.getOrDefault(address, 0L);
    }

    void incrementNonce(String address) {
        nonces.merge(address, 1L, Long::sum);
    }

    /** The token state of a collection, created empty on first use. */
    Tokens tokens(String collection) {
        return collections.computeIfAbsent(collection, c -> new Tokens());
    }

    Optional<Tokens> findTokens(String collection) {
        return Optional.ofNullable(collections.get(collection));
    }

    /** One ERC-721 collection's storage: owner and approved address per token id, operators per owner. */
    static final class Tokens {
        private final Map<BigInteger, String> owners;
        private final Map<BigInteger, String> approvals;
        private final Map<String, Set<String>> operators;

        Tokens() {
            this(new HashMap<>(), new HashMap<>(), new HashMap<>());
        }

        private Tokens(
                Map<BigInteger, String> owners, Map<BigInteger, String> approvals, Map<String, Set<String>> operators) {
            this.owners = owners;
            this.approvals = approvals;
            this.operators = operators;
        }

        Tokens copy() {
            var ops = new HashMap<String, Set<String>>();
            operators.forEach((owner, set) -> ops.put(owner, new HashSet<>(set)));
            return new Tokens(new HashMap<>(owners), new HashMap<>(approvals), ops);
        }

        Optional<String> owner(BigInteger tokenId) {
            return Optional.ofNullable(owners.get(tokenId));
        }

        long balanceOf(String owner) {
            return owners.values().stream().filter(owner::equals).count();
        }

        /** The approved address, or the zero address when there is none. */
        String approved(BigInteger tokenId) {
            return approvals.getOrDefault(tokenId, Hex.ZERO_ADDRESS);
        }

        boolean isOperator(String owner, String operator) {
            return operators.getOrDefault(owner, Set.of()).contains(operator);
        }

        void setOwner(BigInteger tokenId, String owner) {
            owners.put(tokenId, owner);
            approvals.remove(tokenId);
        }

        void approve(BigInteger tokenId, String approved) {
            if (approved.equals(Hex.ZERO_ADDRESS)) {
                approvals.remove(tokenId);
            } else {
                approvals.put(tokenId, approved);
            }
        }

        void setOperator(String owner, String operator, boolean approved) {
            if (approved) {
                operators.computeIfAbsent(owner, o -> new HashSet<>()).add(operator);
            } else {
                operators.getOrDefault(owner, new HashSet<>()).remove(operator);
            }
        }
    }
}
