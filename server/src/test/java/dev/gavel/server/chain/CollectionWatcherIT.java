package dev.gavel.server.chain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gavel.auction.AuctionState;
import dev.gavel.auction.AuctionTerms;
import dev.gavel.chain.rpc.ChainRpc;
import dev.gavel.chain.rpc.EthClient;
import dev.gavel.core.money.Wei;
import dev.gavel.store.Database;
import dev.gavel.store.DatabaseSettings;
import dev.gavel.store.auction.AuctionStore;
import dev.gavel.store.auction.StoredAuction;
import dev.gavel.store.chain.ChainStore;
import dev.gavel.store.chain.NftStore;
import dev.gavel.testkit.TestDatabase;
import dev.gavel.testkit.WithPostgresAndRedis;
import dev.gavel.testkit.evm.Abi;
import dev.gavel.testkit.evm.LocalEvmNode;
import dev.gavel.testkit.evm.WithEvmNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.web3j.crypto.Credentials;

/** ERC-721 events into the ownership table, and the custody check before an auction starts, on ganache. */
@WithPostgresAndRedis
@WithEvmNode
@Timeout(60)
class CollectionWatcherIT {
    private static final BigInteger ETH = BigInteger.TEN.pow(18);
    private static final int CONFIRMATIONS = 2;

    private final TestDatabase db;
    private final LocalEvmNode node;
    private final Database database;
    private final AuctionStore auctions;
    private final NftStore nfts;
    private final ChainStore followers;
    private final EthClient eth;
    private final Clock clock = Clock.systemUTC();
    private final ChainAlerts alerts = new ChainAlerts(new SimpleMeterRegistry(), clock);
    private Credentials operator;
    private String collection;

    CollectionWatcherIT(TestDatabase db, LocalEvmNode node) {
        this.db = db;
        this.node = node;
        database = Database.open(DatabaseSettings.of(db.url(), db.user(), db.password()));
        database.migrate();
        auctions = new AuctionStore(database);
        nfts = new NftStore(database);
        followers = new ChainStore(database);
        eth = new EthClient(new ChainRpc(ChainRpc.Settings.of(List.of(node.url())), clock), clock, Duration.ZERO);
    }

    @BeforeEach
    void a_collection_and_an_operator() throws Exception {
        try (var c = db.connect();
                var s = c.createStatement()) {
            s.execute("TRUNCATE chain_followers, chain_blocks, nft_tokens, nft_operators, artwork_custody");
            s.execute("UPDATE auctions SET status = 'COMPLETED'");
        }
        operator = node.newFundedAccount(ETH);
        collection = node.deploy(node.account(0), "GavelTestNft", "").toLowerCase(Locale.ROOT);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private CollectionWatcher watcher(long startBlock) {
        return new CollectionWatcher(
                eth,
                followers,
                nfts,
                alerts,
                LocalEvmNode.CHAIN_ID,
                CONFIRMATIONS,
                Optional.of(operator.getAddress()),
                Optional.of(startBlock),
                clock);
    }

    private UUID auctionOf(String contract, long tokenId) {
        var state = AuctionState.planned(
                UUID.randomUUID(),
                Instant.now().plusSeconds(3600),
                Instant.now().plusSeconds(7200),
                AuctionTerms.defaults(Wei.ofEth("1"), Wei.ofEth("1")));
        auctions.insert(new StoredAuction(
                state,
                "Token " + tokenId,
                Optional.empty(),
                "{\"name\":\"Token\",\"contract\":\"" + contract + "\",\"tokenId\":\"" + tokenId + "\"}",
                Optional.empty(),
                Optional.empty(),
                Instant.now()));
        return state.id();
    }

    private void mint(String to, long tokenId) {
        node.transact(
                node.account(0),
                collection,
                Abi.encode("mint(address,uint256)", to, BigInteger.valueOf(tokenId)),
                null);
    }

    @Test
    void an_artwork_owned_by_the_operator_is_transferable_and_the_auction_says_so() {
        long start = node.blockNumber() + 1;
        mint(operator.getAddress(), 7);
        var auction = auctionOf(collection, 7);
        node.mine(CONFIRMATIONS);

        var watcher = watcher(start);
        assertThat(watcher.followOnce()).isGreaterThanOrEqualTo(1);

        var custody = nfts.custody(auction).orElseThrow();
        assertThat(custody.transferable()).isTrue();
        assertThat(custody.owner()).contains(operator.getAddress().toLowerCase(Locale.ROOT));
        assertThat(custody.reason()).contains("owned by");
        assertThat(nfts.token(LocalEvmNode.CHAIN_ID, collection, BigInteger.valueOf(7))
                        .orElseThrow()
                        .owner())
                .isEqualTo(operator.getAddress().toLowerCase(Locale.ROOT));
    }

    @Test
    void an_artwork_the_operator_may_not_move_raises_an_alert_until_the_owner_approves_it() {
        long start = node.blockNumber() + 1;
        var owner = node.newFundedAccount(ETH);
        mint(owner.getAddress(), 8);
        var auction = auctionOf(collection, 8);
        node.mine(CONFIRMATIONS);
        var watcher = watcher(start);
        int alertsBefore = alerts.recent().size();

        watcher.followOnce();
        var refused = nfts.custody(auction).orElseThrow();
        assertThat(refused.transferable()).isFalse();
        assertThat(refused.reason()).contains("has not approved");
        assertThat(alerts.recent()).hasSize(alertsBefore + 1);
        assertThat(alerts.recent().getFirst().kind()).isEqualTo("artwork_not_transferable");

        node.transact(
                owner,
                collection,
                Abi.encode("approve(address,uint256)", operator.getAddress(), BigInteger.valueOf(8)),
                null);
        node.mine(CONFIRMATIONS);
        watcher.followOnce();

        var approved = nfts.custody(auction).orElseThrow();
        assertThat(approved.transferable()).isTrue();
        assertThat(approved.reason()).contains("approved");
        var token = nfts.token(LocalEvmNode.CHAIN_ID, collection, BigInteger.valueOf(8))
                .orElseThrow();
        assertThat(token.approved()).contains(operator.getAddress().toLowerCase(Locale.ROOT));

        // an operator for all of the owner's tokens is enough too, and the table keeps it
        mint(owner.getAddress(), 9);
        var other = auctionOf(collection, 9);
        node.transact(
                owner, collection, Abi.encode("setApprovalForAll(address,bool)", operator.getAddress(), true), null);
        node.mine(CONFIRMATIONS);
        watcher.followOnce();
        assertThat(nfts.custody(other).orElseThrow().transferable()).isTrue();
        assertThat(nfts.isOperator(
                        LocalEvmNode.CHAIN_ID,
                        collection,
                        owner.getAddress().toLowerCase(Locale.ROOT),
                        operator.getAddress().toLowerCase(Locale.ROOT)))
                .isTrue();
    }

    @Test
    void an_erc20_transfer_sharing_the_topic_is_not_taken_for_an_nft_and_a_missing_token_is_reported() {
        long start = node.blockNumber() + 1;
        String token = node.deploy(node.account(0), "GavelTestToken", "").toLowerCase(Locale.ROOT);
        node.transact(
                node.account(0),
                token,
                Abi.encode("mint(address,uint256)", operator.getAddress(), BigInteger.valueOf(5)),
                null);
        var auction = auctionOf(token, 5);
        var missing = auctionOf(collection, 404);
        node.mine(CONFIRMATIONS);

        watcher(start).followOnce();

        // the ERC-20 Transfer (3 topics) did not become a token 5 owned by the operator
        assertThat(nfts.token(LocalEvmNode.CHAIN_ID, token, BigInteger.valueOf(5)))
                .isEmpty();
        assertThat(nfts.custody(auction).orElseThrow().transferable()).isFalse();
        var none = nfts.custody(missing).orElseThrow();
        assertThat(none.transferable()).isFalse();
        assertThat(none.reason()).contains("may not exist");
    }

    @Test
    void only_final_blocks_are_read_into_the_table() {
        long start = node.blockNumber() + 1;
        mint(operator.getAddress(), 11);
        auctionOf(collection, 11);
        var watcher = watcher(start);

        watcher.followOnce(); // the mint has 1 of 2 confirmations
        assertThat(nfts.token(LocalEvmNode.CHAIN_ID, collection, BigInteger.valueOf(11)))
                .isEmpty();

        node.mine(1);
        watcher.followOnce();
        assertThat(nfts.token(LocalEvmNode.CHAIN_ID, collection, BigInteger.valueOf(11)))
                .isPresent();
    }
}
