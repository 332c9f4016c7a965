package dev.gavel.sim;

import dev.gavel.sim.chain.ChainWallet;
import dev.gavel.sim.chain.SimChain;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;

/**
 * The demo's chain side on the simulated chain: mints each planned artwork to the escrow (so Gavel can
 * transfer it to the winner) and funds simulated bidders by having them deposit ETH into the escrow from
 * their own wallets, so their bids are funds-checked against deposits Gavel saw on chain. Thread-safe.
 */
public final class DemoChain {
    private static final BigInteger GAS_MONEY = BigInteger.TEN.pow(16); // 0.01 ETH

    private final SimChain chain;
    private final String escrow;
    private final String collection;
    private final ChainWallet wallet;
    private final AtomicLong tokens = new AtomicLong();

    public DemoChain(SimChain chain, String escrow, String collection) {
        this.chain = chain;
        this.escrow = escrow;
        this.collection = collection;
        this.wallet = new ChainWallet(chain.url(), chain.settings().chainId());
    }

    /** A new token of the demo collection, minted to the escrow: the artwork's {@code contract} and {@code tokenId}. */
    public Map<String, Object> mintArtwork() {
        var tokenId = BigInteger.valueOf(tokens.incrementAndGet() + System.currentTimeMillis() / 1000 * 1000);
        chain.mint(collection, escrow, tokenId);
        return Map.of("contract", collection, "tokenId", tokenId.toString());
    }

    /** Gives the bidder's wallet {@code eth} (plus gas) on the simulated chain and deposits it into the escrow. */
    public String deposit(ECKeyPair keys, String eth) {
        var from = Credentials.create(keys);
        var wei = new BigDecimal(eth).movePointRight(18).toBigIntegerExact();
        chain.fund(from.getAddress(), wei.add(GAS_MONEY));
        return wallet.send(from, escrow, wei);
    }

    public String escrow() {
        return escrow;
    }
}
