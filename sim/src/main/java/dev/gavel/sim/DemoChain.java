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
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
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
 * <p>An artwork is handed out only once its mint is in a block: Gavel asks {@code ownerOf} at {@code latest}
 * as soon as an auction names the token, and a mint still in the pool would read as a token that does not
 * exist ({@code artwork_not_transferable}).
 *
 * <p>The simulated chain forgets everything when it stops, while the demo's database stays in
 * {@code GAVEL_HOME}. So that a restarted demo still settles what it planned, the escrow key is kept in
 * {@code GAVEL_HOME/demo-chain.key} (the same escrow on every start), the collection has the same address on
 * every start, and the tokens the escrow holds for auctions not known to be finished are listed in
 * {@code GAVEL_HOME/demo-chain-artworks}: {@link #start} mints them again, and waits for their block, before it
 * returns, so before Gavel is pointed at the chain and checks them. {@link #reconcile} drops the tokens of
 * finished auctions from that list and mints those of unfinished ones it does not hold (a home from before the
 * list). Deposits credited on an earlier run stay credited in Gavel's ledger. Thread-safe.
 */
public final class DemoChain implements AutoCloseable {
    static final String KEY_FILE = "demo-chain.key";
    static final String ARTWORKS_FILE = "demo-chain-artworks";
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
    private final Path artworksFile;
    /** The tokens the escrow holds for auctions not known to be finished, as in {@link #artworksFile}. */
    private final Set<BigInteger> held = new LinkedHashSet<>();

    private DemoChain(SimChain chain, Credentials signer, String collection, Path artworksFile) {
        this.chain = chain;
        this.signer = signer;
        this.collection = collection;
        this.artworksFile = artworksFile;
        this.wallet = new ChainWallet(chain.url(), chain.settings().chainId());
    }

    /**
     * Starts a simulated chain with a block every {@code blockTime}, the escrow funded, the collection made and
     * the artworks of earlier runs' unfinished auctions minted again and in a block.
     */
    public static DemoChain start(Path home, long chainId, Duration blockTime, Clock clock) throws IOException {
        var signer = Credentials.create(escrowKey(home));
        var chain = SimChain.start(SimChain.Settings.forChain(chainId).withBlockTime(blockTime), clock);
        try {
            chain.fund(signer.getAddress(), ESCROW_FLOAT);
            var demo =
                    new DemoChain(chain, signer, chain.createCollection("Gavel Genesis"), home.resolve(ARTWORKS_FILE));
            demo.mintKept();
            return demo;
        } catch (RuntimeException | IOException e) {
            chain.close();
            throw e;
        }
    }

    /** Mints again the tokens listed in {@link #artworksFile} and waits for their block. */
    private synchronized void mintKept() throws IOException {
        if (!Files.exists(artworksFile)) {
            return;
        }
        var mints = new ArrayList<String>();
        for (String line : Files.readAllLines(artworksFile, StandardCharsets.US_ASCII)) {
            String id = line.strip();
            if (id.isEmpty()) {
                continue;
            }
            try {
                var tokenId = new BigInteger(id);
                mints.add(chain.mint(collection, escrow(), tokenId));
                held.add(tokenId);
            } catch (RuntimeException e) { // NumberFormatException, or a token id that is not a uint256
                LOG.warn("demo: skipped {} in {}: {}", id, artworksFile, e.getMessage());
            }
        }
        awaitMined(mints);
        if (!mints.isEmpty()) {
            LOG.info(
                    "demo: {} artwork(s) of unfinished auctions minted again on the new simulated chain", mints.size());
        }
        writeHeld();
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

    /**
     * A new token of the demo collection, minted to the escrow and in a block when this returns: the artwork's
     * {@code contract} and {@code tokenId}.
     */
    public synchronized Map<String, Object> mintArtwork() {
        var tokenId = BigInteger.valueOf(tokens.incrementAndGet() + System.currentTimeMillis() / 1000 * 1000);
        String mint = chain.mint(collection, escrow(), tokenId);
        held.add(tokenId);
        writeHeldOrWarn();
        awaitMined(List.of(mint));
        return Map.of("contract", collection, "tokenId", tokenId.toString());
    }

    /**
     * Follows Gavel's auctions (as {@code GET /api/auctions} lists them): the demo collection's tokens of finished
     * auctions are no longer minted again on a new start, and those of unfinished auctions that the escrow does
     * not hold (listed by a demo from before {@value #ARTWORKS_FILE}) are minted to it now. Returns how many were
     * minted.
     */
    public synchronized int reconcile(Iterable<JsonNode> auctions) {
        var mints = new ArrayList<String>();
        boolean changed = false;
        for (JsonNode a : auctions) {
            var artwork = a.path("artwork");
            if (!artwork.path("contract").asText().equalsIgnoreCase(collection)
                    || !artwork.path("tokenId").isTextual()) {
                continue;
            }
            BigInteger tokenId;
            try {
                tokenId = new BigInteger(artwork.path("tokenId").asText());
            } catch (NumberFormatException e) {
                continue; // not one of the demo's
            }
            if (!UNFINISHED.contains(a.path("status").asText())) {
                changed |= held.remove(tokenId);
                continue;
            }
            if (held.contains(tokenId)) {
                continue;
            }
            try {
                mints.add(chain.mint(collection, escrow(), tokenId));
                held.add(tokenId);
                changed = true;
            } catch (RuntimeException e) {
                LOG.warn(
                        "demo: token {} of auction {} could not be minted again: {}",
                        tokenId,
                        a.path("id").asText(),
                        e.getMessage());
            }
        }
        if (changed) {
            writeHeldOrWarn();
        }
        awaitMined(mints);
        return mints.size();
    }

    private void awaitMined(List<String> mints) {
        var timeout = chain.settings().blockTime().multipliedBy(10).plusSeconds(10);
        for (String mint : mints) {
            try {
                if (chain.settings().blockTime().isZero()) {
                    chain.mineNow();
                }
                if (!chain.awaitMined(mint, timeout)) {
                    throw new IllegalStateException(
                            "the simulated chain did not mine the artwork's mint " + mint + " within " + timeout);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the artwork's mint " + mint, e);
            }
        }
    }

    private void writeHeldOrWarn() {
        try {
            writeHeld();
        } catch (IOException e) {
            LOG.warn(
                    "demo: {} could not be written, a restart may not mint the artworks again: {}",
                    artworksFile,
                    e.getMessage());
        }
    }

    /** Replaces {@link #artworksFile} at once, so a demo stopped mid-write finds the old list or the new one. */
    private void writeHeld() throws IOException {
        var text = new StringBuilder();
        held.forEach(id -> text.append(id).append('\n'));
        Path next = artworksFile.resolveSibling(ARTWORKS_FILE + ".next");
        Files.writeString(next, text, StandardCharsets.US_ASCII);
        Files.move(next, artworksFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
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
