package dev.gavel.sim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.sim.chain.ChainWallet;
import dev.gavel.sim.chain.SimChain;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;
import org.web3j.utils.Numeric;

/**
 * The demo's chain side on the simulated chain: an escrow whose key is also the settlement signer, one
 * collection whose tokens are the artworks (minted to the escrow, so Gavel can transfer them to the
 * winner), and deposits by simulated bidders from their own wallets, so their bids are funds-checked against
 * deposits Gavel saw on chain.
 *
 * <p>The simulated chain forgets everything when it stops, while the demo's database stays in
 * {@code GAVEL_HOME}. So that a restarted demo still settles what it planned, the escrow key is kept in
 * {@code GAVEL_HOME/demo-chain.key} (the same escrow on every start), the collection has the same address on
 * every start, and {@link #restoreArtworks} mints again the tokens of auctions not finished yet. Deposits
 * credited on an earlier run stay credited in Gavel's ledger. Thread-safe.
 */
public final class DemoChain implements AutoCloseable {
    static final String KEY_FILE = "demo-chain.key";
    private static final Logger LOG = LoggerFactory.getLogger(DemoChain.class);
    private static final BigInteger GAS_MONEY = BigInteger.TEN.pow(16); // 0.01 ETH
    /** The escrow's own ETH, for gas and payouts: deposits credited on earlier runs are not on a new chain. */
    private static final BigInteger ESCROW_FLOAT = BigInteger.TEN.pow(20); // 100 ETH

    private static final Set<String> UNFINISHED = Set.of("PENDING", "ACTIVE", "PAUSED", "PROCESSING");

    private final SimChain chain;
    private final Credentials signer;
    private final String collection;
    private final ChainWallet wallet;
    private final AtomicLong tokens = new AtomicLong();

    private DemoChain(SimChain chain, Credentials signer, String collection) {
        this.chain = chain;
        this.signer = signer;
        this.collection = collection;
        this.wallet = new ChainWallet(chain.url(), chain.settings().chainId());
    }

    /** Starts a simulated chain with a block every {@code blockTime}, the escrow funded and the collection made. */
    public static DemoChain start(Path home, long chainId, Duration blockTime, Clock clock) throws IOException {
        var signer = Credentials.create(escrowKey(home));
        var chain = SimChain.start(SimChain.Settings.forChain(chainId).withBlockTime(blockTime), clock);
        try {
            chain.fund(signer.getAddress(), ESCROW_FLOAT);
            return new DemoChain(chain, signer, chain.createCollection("Gavel Genesis"));
        } catch (RuntimeException e) {
            chain.close();
            throw e;
        }
    }

    /** The escrow's key from {@code home}, made on the first start and readable by its owner only. */
    static ECKeyPair escrowKey(Path home) throws IOException {
        Path file = home.resolve(KEY_FILE);
        if (Files.exists(file)) {
            String hex = Files.readString(file, StandardCharsets.US_ASCII).strip();
            try {
                return ECKeyPair.create(Numeric.toBigInt(hex));
            } catch (RuntimeException e) {
                throw new IOException(
                        file + " does not hold a private key (64 hex digits); delete it to make a new one");
            }
        }
        ECKeyPair keys;
        try {
            keys = Keys.createEcKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot make a key for the demo escrow: " + e.getMessage(), e);
        }
        Files.createDirectories(home);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(
                file,
                Numeric.toHexStringNoPrefixZeroPadded(keys.getPrivateKey(), 64) + "\n",
                StandardCharsets.US_ASCII);
        return keys;
    }

    /** A new token of the demo collection, minted to the escrow: the artwork's {@code contract} and {@code tokenId}. */
    public Map<String, Object> mintArtwork() {
        var tokenId = BigInteger.valueOf(tokens.incrementAndGet() + System.currentTimeMillis() / 1000 * 1000);
        chain.mint(collection, escrow(), tokenId);
        return Map.of("contract", collection, "tokenId", tokenId.toString());
    }

    /**
     * Mints again, to the escrow, the demo collection's tokens that unfinished auctions sell: they were minted on
     * an earlier run's chain. Returns how many.
     */
    public int restoreArtworks(Iterable<JsonNode> auctions) {
        int restored = 0;
        for (JsonNode a : auctions) {
            var artwork = a.path("artwork");
            if (!UNFINISHED.contains(a.path("status").asText())
                    || !artwork.path("contract").asText().equalsIgnoreCase(collection)
                    || !artwork.path("tokenId").isTextual()) {
                continue;
            }
            try {
                chain.mint(
                        collection,
                        escrow(),
                        new BigInteger(artwork.path("tokenId").asText()));
                restored++;
            } catch (RuntimeException e) {
                LOG.warn(
                        "demo: token {} of auction {} could not be minted again: {}",
                        artwork.path("tokenId").asText(),
                        a.path("id").asText(),
                        e.getMessage());
            }
        }
        return restored;
    }

    /** Gives the bidder's wallet {@code eth} (plus gas) on the simulated chain and deposits it into the escrow. */
    public String deposit(ECKeyPair keys, String eth) {
        var from = Credentials.create(keys);
        var wei = new BigDecimal(eth).movePointRight(18).toBigIntegerExact();
        chain.fund(from.getAddress(), wei.add(GAS_MONEY));
        return wallet.send(from, escrow(), wei);
    }

    /** The escrow address, lower case: where bidders deposit, and the settlement signer. */
    public String escrow() {
        return signer.getAddress().toLowerCase(Locale.ROOT);
    }

    /** The escrow address with its EIP-55 checksum, for people to read. */
    public String escrowChecksummed() {
        return Keys.toChecksumAddress(signer.getAddress());
    }

    /** The settlement signer's private key (the escrow's), 64 hex digits. */
    public String signerKey() {
        return Numeric.toHexStringNoPrefixZeroPadded(signer.getEcKeyPair().getPrivateKey(), 64);
    }

    /** Where the demo's payouts go: an address nobody holds the key of, derived from a fixed phrase. */
    public static String payoutAddress() {
        return Keys.toChecksumAddress(
                Numeric.toHexStringNoPrefix(Hash.sha3("gavel-demo-payout".getBytes(StandardCharsets.UTF_8)))
                        .substring(24));
    }

    public URI url() {
        return chain.url();
    }

    public long chainId() {
        return chain.settings().chainId();
    }

    @Override
    public void close() {
        chain.close();
    }
}
