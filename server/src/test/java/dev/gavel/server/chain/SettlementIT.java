package dev.gavel.server.chain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gavel.auction.AuctionState;
import dev.gavel.auction.AuctionStatus;
import dev.gavel.auction.AuctionTerms;
import dev.gavel.auction.LeadingBid;
import dev.gavel.chain.rpc.ChainRpc;
import dev.gavel.chain.rpc.EthClient;
import dev.gavel.core.money.Wei;
import dev.gavel.store.Database;
import dev.gavel.store.DatabaseSettings;
import dev.gavel.store.auction.AuctionStore;
import dev.gavel.store.auction.Bidder;
import dev.gavel.store.auction.BidderStore;
import dev.gavel.store.auction.StoredAuction;
import dev.gavel.store.chain.NftStore;
import dev.gavel.store.chain.SettlementStore;
import dev.gavel.store.chain.SettlementTransfer;
import dev.gavel.store.chain.SettlementTransfer.Kind;
import dev.gavel.store.chain.SettlementTransfer.Status;
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
import org.web3j.crypto.Keys;

/**
 * Settlement on a real ganache node: the NFT goes to the winner and the payout arrives, tracked to the
 * confirmations; a transfer that would revert fails with the reason; a plan executed by hand is verified
 * by its tx hash; a stuck transaction is re-sent with higher fees at the same nonce; refunds.
 */
@WithPostgresAndRedis
@WithEvmNode
@Timeout(90)
class SettlementIT {
    private static final BigInteger ETH = BigInteger.TEN.pow(18);
    private static final int CONFIRMATIONS = 2;

    private final TestDatabase db;
    private final LocalEvmNode node;
    private final Database database;
    private final AuctionStore auctions;
    private final BidderStore bidders;
    private final NftStore nfts;
    private final SettlementStore store;
    private final EthClient eth;
    private final Clock clock = Clock.systemUTC();
    private final ChainAlerts alerts = new ChainAlerts(new SimpleMeterRegistry(), clock);
    private final List<UUID> fundsChanged = new java.util.concurrent.CopyOnWriteArrayList<>();
    private Credentials signer;
    private String payout;
    private String collection;

    SettlementIT(TestDatabase db, LocalEvmNode node) {
        this.db = db;
        this.node = node;
        database = Database.open(DatabaseSettings.of(db.url(), db.user(), db.password()));
        database.migrate();
        auctions = new AuctionStore(database);
        bidders = new BidderStore(database);
        nfts = new NftStore(database);
        store = new SettlementStore(database);
        eth = new EthClient(new ChainRpc(ChainRpc.Settings.of(List.of(node.url())), clock), clock, Duration.ZERO);
    }

    @BeforeEach
    void a_signer_a_payout_address_and_a_collection() throws Exception {
        signer = node.newFundedAccount(ETH.multiply(BigInteger.TEN));
        payout = "0x" + Keys.getAddress(Keys.createEcKeyPair());
        collection = node.deploy(node.account(0), "GavelTestNft", "").toLowerCase(Locale.ROOT);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private Settlement settlement(Optional<Credentials> key, Settlement.Policy policy) {
        var signing = key.map(
                k -> dev.gavel.chain.TransactionSigner.ofKey(org.web3j.utils.Numeric.toHexStringNoPrefixZeroPadded(
                        k.getEcKeyPair().getPrivateKey(), 64)));
        return new Settlement(
                eth,
                store,
                nfts,
                alerts,
                LocalEvmNode.CHAIN_ID,
                CONFIRMATIONS,
                signing,
                signer.getAddress(),
                Optional.of(payout),
                policy,
                fundsChanged::add,
                clock);
    }

    private Settlement settlement() {
        return settlement(Optional.of(signer), POLICY);
    }

    /** Refused attempts are tried again at once, as the tests do not wait. */
    private static final Settlement.Policy POLICY =
            Settlement.Policy.ofGwei(500).withRetryAfter(Duration.ZERO);

    private Bidder bidder(Credentials wallet) {
        return WalletBidders.create(bidders, wallet.getAddress(), clock.instant());
    }

    /** A finished auction for token {@code tokenId} that {@code winner} won with {@code eth}. */
    private UUID wonBy(Bidder winner, String eth, long tokenId) {
        var start = Instant.now().minusSeconds(7200);
        var state = AuctionState.planned(
                        UUID.randomUUID(),
                        start,
                        start.plusSeconds(3600),
                        AuctionTerms.defaults(Wei.ofEth("1"), Wei.ofEth("1")))
                .withHighest(Optional.of(
                        new LeadingBid(UUID.randomUUID(), winner.id(), Wei.ofEth(eth), start.plusSeconds(60))))
                .withStatus(AuctionStatus.COMPLETED);
        auctions.insert(new StoredAuction(
                state,
                "Won " + tokenId,
                Optional.empty(),
                "{\"name\":\"Art\",\"contract\":\"" + collection + "\",\"tokenId\":\"" + tokenId + "\"}",
                Optional.empty(),
                Optional.empty(),
                Instant.now()));
        // the sequencer writes the winner when it finalizes; here the finished auction is written directly
        try (var c = db.connect();
                var ps = c.prepareStatement(
                        "UPDATE auctions SET highest_bidder_id = ?, highest_amount = ?, highest_bid_id = ? WHERE id = ?")) {
            ps.setObject(1, winner.id());
            ps.setBigDecimal(2, new java.math.BigDecimal(Wei.ofEth(eth).value()));
            ps.setObject(3, UUID.randomUUID());
            ps.setObject(4, state.id());
            ps.executeUpdate();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return state.id();
    }

    private void mint(String to, long tokenId) {
        node.transact(
                node.account(0),
                collection,
                Abi.encode("mint(address,uint256)", to, BigInteger.valueOf(tokenId)),
                null);
    }

    private String ownerOf(long tokenId) {
        return Abi.asAddress(node.call(collection, Abi.encode("ownerOf(uint256)", BigInteger.valueOf(tokenId))));
    }

    private static SettlementTransfer planned(SettlementStore.RefundOutcome outcome) {
        assertThat(outcome).isInstanceOf(SettlementStore.RefundOutcome.Planned.class);
        return ((SettlementStore.RefundOutcome.Planned) outcome).transfer();
    }

    private SettlementTransfer transfer(UUID auction, Kind kind) {
        return store.ofAuction(auction).stream()
                .filter(t -> t.kind() == kind)
                .findFirst()
                .orElseThrow();
    }

    @Test
    void the_winner_gets_the_token_and_the_payout_arrives_after_the_confirmations() {
        var winner = node.newFundedAccount(ETH);
        mint(signer.getAddress(), 1);
        var auction = wonBy(bidder(winner), "1.5", 1);
        var settlement = settlement();

        settlement.round();
        assertThat(transfer(auction, Kind.NFT_TRANSFER).status()).isEqualTo(Status.SENT);
        // the seller is paid once the winner has the artwork
        assertThat(transfer(auction, Kind.PAYOUT).status()).isEqualTo(Status.PLANNED);
        assertThat(transfer(auction, Kind.PAYOUT).reason())
                .hasValueSatisfying(r -> assertThat(r).contains("artwork"));
        assertThat(Settlement.statusOf(store.ofAuction(auction)))
                .contains(Settlement.AuctionSettlement.SETTLEMENT_PENDING);

        node.mine(CONFIRMATIONS);
        settlement.round();
        assertThat(transfer(auction, Kind.NFT_TRANSFER).status()).isEqualTo(Status.CONFIRMED);
        assertThat(transfer(auction, Kind.PAYOUT).status()).isEqualTo(Status.SENT);
        node.mine(CONFIRMATIONS);
        settlement.round();

        assertThat(store.ofAuction(auction))
                .allSatisfy(t -> assertThat(t.status()).isEqualTo(Status.CONFIRMED));
        assertThat(Settlement.statusOf(store.ofAuction(auction))).contains(Settlement.AuctionSettlement.SETTLED);
        assertThat(ownerOf(1)).isEqualToIgnoringCase(winner.getAddress());
        assertThat(node.balance(payout)).isEqualTo(new BigInteger("1500000000000000000"));
        var nft = transfer(auction, Kind.NFT_TRANSFER);
        var pay = transfer(auction, Kind.PAYOUT);
        assertThat(nft.nonce().orElseThrow()).isNotEqualTo(pay.nonce().orElseThrow());

        // a restarted settlement plans and sends nothing twice
        settlement(Optional.of(signer), POLICY).round();
        assertThat(store.ofAuction(auction)).hasSize(2);
        assertThat(node.balance(payout)).isEqualTo(new BigInteger("1500000000000000000"));
    }

    @Test
    void an_artwork_the_signer_may_not_move_fails_with_the_reason_and_an_alert() {
        var owner = node.newFundedAccount(ETH);
        mint(owner.getAddress(), 2);
        var auction = wonBy(bidder(node.newFundedAccount(ETH)), "1", 2);

        settlement().round();

        var nft = transfer(auction, Kind.NFT_TRANSFER);
        assertThat(nft.status()).isEqualTo(Status.FAILED);
        assertThat(nft.reason()).hasValueSatisfying(r -> assertThat(r).contains("would fail"));
        assertThat(Settlement.statusOf(store.ofAuction(auction))).contains(Settlement.AuctionSettlement.FAILED);
        assertThat(alerts.recent().getFirst().kind()).isEqualTo("settlement_failed");
        assertThat(ownerOf(2)).isEqualToIgnoringCase(owner.getAddress());
    }

    @Test
    void without_a_signer_the_plan_waits_and_a_hand_executed_transfer_is_verified_by_its_hash() {
        var winner = node.newFundedAccount(ETH);
        mint(signer.getAddress(), 3);
        var auction = wonBy(bidder(winner), "2", 3);
        var manual = settlement(Optional.empty(), POLICY);

        manual.round();
        var nft = transfer(auction, Kind.NFT_TRANSFER);
        assertThat(nft.status()).isEqualTo(Status.PLANNED);
        assertThat(nft.data()).startsWith("0x23b872dd");

        // the operator signs the plan by hand
        String wrong = node.sendEth(signer, payout, ETH);
        String right = node.transact(signer, nft.to(), nft.data(), null);
        node.mine(CONFIRMATIONS);

        assertThat(manual.markDone(nft, wrong)).isInstanceOf(Settlement.MarkOutcome.Refused.class);
        assertThat(manual.markDone(nft, "0x" + "77".repeat(32)))
                .isInstanceOfSatisfying(Settlement.MarkOutcome.Refused.class, r -> assertThat(r.reason())
                        .contains("no mined"));
        assertThat(manual.markDone(nft, right)).isInstanceOf(Settlement.MarkOutcome.Done.class);
        assertThat(transfer(auction, Kind.NFT_TRANSFER).status()).isEqualTo(Status.MANUAL_DONE);
        assertThat(ownerOf(3)).isEqualToIgnoringCase(winner.getAddress());

        // a payout of too little is not the payout
        var pay = transfer(auction, Kind.PAYOUT);
        String small = node.sendEth(signer, payout, ETH);
        node.mine(CONFIRMATIONS);
        assertThat(manual.markDone(pay, small))
                .isInstanceOfSatisfying(Settlement.MarkOutcome.Refused.class, r -> assertThat(r.reason())
                        .contains("not 2 ETH"));
    }

    @Test
    void a_transaction_that_is_not_mined_is_re_sent_with_higher_fees_at_the_same_nonce() {
        var winner = node.newFundedAccount(ETH);
        mint(signer.getAddress(), 4);
        var auction = wonBy(bidder(winner), "1", 4);
        var impatient = settlement(Optional.of(signer), POLICY.withBumpAfter(Duration.ZERO));
        node.rpc("miner_stop");
        try {
            impatient.round(); // signs and broadcasts; nothing is mined
            var first = transfer(auction, Kind.NFT_TRANSFER);
            assertThat(first.status()).isEqualTo(Status.SENT);

            impatient.round(); // still not mined: bump
            var bumped = transfer(auction, Kind.NFT_TRANSFER);
            assertThat(bumped.txHashes()).hasSize(2);
            assertThat(bumped.nonce()).isEqualTo(first.nonce());
            assertThat(bumped.maxFee().orElseThrow())
                    .isGreaterThan(first.maxFee().orElseThrow());
        } finally {
            node.rpc("miner_start");
        }
        node.mine(CONFIRMATIONS + 1);
        impatient.round();
        var done = transfer(auction, Kind.NFT_TRANSFER);
        assertThat(done.status()).isEqualTo(Status.CONFIRMED);
        assertThat(ownerOf(4)).isEqualToIgnoringCase(winner.getAddress());
    }

    @Test
    void a_refund_takes_released_funds_out_of_the_ledger_and_sends_them_to_the_wallet() {
        var wallet = node.newFundedAccount(ETH);
        var b = bidder(wallet);
        bidders.credit(b.id(), Wei.ofEth("2"), "TEST", "r-" + b.id(), clock.instant());
        var settlement = settlement();
        var before = node.balance(wallet.getAddress());

        assertThat(settlement.refund(b.id(), wallet.getAddress(), Wei.ofEth("3"), Optional.empty()))
                .isInstanceOf(SettlementStore.RefundOutcome.Short.class);
        var refund = planned(settlement.refund(b.id(), wallet.getAddress(), Wei.ofEth("1.25"), Optional.of("k-1")));
        // asked again with the same key: the same refund, taken once
        assertThat(settlement.refund(b.id(), wallet.getAddress(), Wei.ofEth("1.25"), Optional.of("k-1")))
                .isInstanceOfSatisfying(
                        SettlementStore.RefundOutcome.Repeated.class,
                        r -> assertThat(r.transfer().id()).isEqualTo(refund.id()));
        assertThat(bidders.fundsOf(b.id()).available()).isEqualTo(Wei.ofEth("0.75"));

        settlement.round();
        node.mine(CONFIRMATIONS);
        settlement.round();

        assertThat(store.find(refund.id()).orElseThrow().status()).isEqualTo(Status.CONFIRMED);
        assertThat(node.balance(wallet.getAddress()).subtract(before)).isEqualTo(new BigInteger("1250000000000000000"));
    }

    @Test
    void a_transfer_gavel_sent_is_done_only_by_its_own_transaction_and_one_transaction_settles_one_transfer() {
        var winner = node.newFundedAccount(ETH);
        mint(signer.getAddress(), 5);
        var first = wonBy(bidder(winner), "1", 5);
        var second = wonBy(bidder(node.newFundedAccount(ETH)), "1", 55);
        var manual = settlement(Optional.empty(), POLICY);
        manual.round();

        // one hand-made payment of 1 ETH is the payout of one auction, not of both
        String paid = node.sendEth(signer, payout, ETH);
        node.mine(CONFIRMATIONS);
        assertThat(manual.markDone(transfer(first, Kind.PAYOUT), paid)).isInstanceOf(Settlement.MarkOutcome.Done.class);
        assertThat(manual.markDone(transfer(second, Kind.PAYOUT), paid))
                .isInstanceOfSatisfying(Settlement.MarkOutcome.Refused.class, r -> assertThat(r.reason())
                        .contains("already settled"));
        // sent to the payout address by someone else: not the operator's payment
        var stranger = node.newFundedAccount(ETH.multiply(BigInteger.TWO));
        String foreign = node.sendEth(stranger, payout, ETH);
        node.mine(CONFIRMATIONS);
        assertThat(manual.markDone(transfer(second, Kind.PAYOUT), foreign))
                .isInstanceOfSatisfying(Settlement.MarkOutcome.Refused.class, r -> assertThat(r.reason())
                        .contains("sent by"));

        // Gavel sends the NFT itself; a hand-made transaction may not stand in for it while it can still be mined
        var signing = settlement();
        node.rpc("miner_stop");
        try {
            signing.round();
            var sent = transfer(first, Kind.NFT_TRANSFER);
            assertThat(sent.status()).isEqualTo(Status.SENT);
            assertThat(signing.markDone(sent, paid))
                    .isInstanceOfSatisfying(Settlement.MarkOutcome.Refused.class, r -> assertThat(r.reason())
                            .contains("may still be mined"));
            // a round that read the transfer before an operator settled it broadcasts nothing for it
            assertThat(store.signed(
                            transfer(second, Kind.NFT_TRANSFER).id(),
                            Optional.of("0x" + "12".repeat(32)),
                            99,
                            "0x" + "34".repeat(32),
                            "0x00",
                            BigInteger.ONE,
                            BigInteger.ONE,
                            BigInteger.ONE,
                            clock.instant()))
                    .isFalse();
        } finally {
            node.rpc("miner_start");
        }
    }

    @Test
    void a_broadcast_the_node_refuses_keeps_its_nonce_and_goes_out_once_the_signer_can_pay() throws Exception {
        var poor = node.newFundedAccount(ETH.add(BigInteger.valueOf(1000))); // enough for the value, not the gas
        var wallet = node.newFundedAccount(ETH);
        var b = bidder(wallet);
        bidders.credit(b.id(), Wei.ofEth("3"), "TEST", "r-" + b.id(), clock.instant());
        var settlement = settlementSignedBy(poor);
        var refund = planned(settlement.refund(b.id(), wallet.getAddress(), Wei.ofEth("1"), Optional.empty()));

        settlement.round();
        var refused = store.find(refund.id()).orElseThrow();
        assertThat(refused.status()).isEqualTo(Status.PLANNED);
        assertThat(refused.reason()).hasValueSatisfying(r -> assertThat(r).contains("refused"));
        assertThat(refused.nonce()).contains(0L);
        // a second transfer queues behind it instead of leaving a gap
        var next = planned(settlement.refund(b.id(), wallet.getAddress(), Wei.ofEth("0.5"), Optional.empty()));

        node.sendEth(node.account(0), poor.getAddress(), ETH);
        node.mine(1);
        settlement.round();
        node.mine(CONFIRMATIONS);
        settlement.round();
        settlement.round();

        assertThat(store.find(refund.id()).orElseThrow().status()).isEqualTo(Status.CONFIRMED);
        assertThat(store.find(refund.id()).orElseThrow().nonce()).contains(0L);
        assertThat(store.find(next.id()).orElseThrow().status()).isEqualTo(Status.CONFIRMED);
        assertThat(store.find(next.id()).orElseThrow().nonce()).contains(1L);
    }

    @Test
    void a_refund_that_fails_on_chain_gives_its_amount_back_to_the_bidder() {
        String rejecting = node.deploy(node.account(0), "RejectingReceiver", "").toLowerCase(Locale.ROOT);
        var b = WalletBidders.create(bidders, rejecting, clock.instant());
        bidders.credit(b.id(), Wei.ofEth("2"), "TEST", "r-" + b.id(), clock.instant());
        var settlement = settlement();
        var refund = planned(settlement.refund(b.id(), rejecting, Wei.ofEth("1.5"), Optional.empty()));
        assertThat(bidders.fundsOf(b.id()).available()).isEqualTo(Wei.ofEth("0.5"));

        settlement.round();

        var failed = store.find(refund.id()).orElseThrow();
        assertThat(failed.status()).isEqualTo(Status.FAILED);
        assertThat(failed.reason()).hasValueSatisfying(r -> assertThat(r).contains("would fail"));
        assertThat(bidders.fundsOf(b.id()).available()).isEqualTo(Wei.ofEth("2"));
        assertThat(fundsChanged).contains(b.id());
        assertThat(settlement.markDone(failed, "0x" + "56".repeat(32)))
                .isInstanceOfSatisfying(Settlement.MarkOutcome.Refused.class, r -> assertThat(r.reason())
                        .contains("new refund"));
    }

    @Test
    void a_transaction_still_unmined_after_every_bump_is_watched_not_failed_and_confirms_later() {
        var winner = node.newFundedAccount(ETH);
        mint(signer.getAddress(), 6);
        var auction = wonBy(bidder(winner), "1", 6);
        var patient = settlement(
                Optional.of(signer), POLICY.withBumpAfter(Duration.ZERO).withMaxAttempts(1));
        node.rpc("miner_stop");
        try {
            patient.round(); // sent
            patient.round(); // no bump left
            var stuck = transfer(auction, Kind.NFT_TRANSFER);
            assertThat(stuck.status()).isEqualTo(Status.SENT);
            assertThat(stuck.txHashes()).hasSize(1);
            assertThat(stuck.reason()).hasValueSatisfying(r -> assertThat(r).contains("not mined after 1"));
            assertThat(alerts.recent().getFirst().kind()).isEqualTo("settlement_stuck");
        } finally {
            node.rpc("miner_start");
        }
        node.mine(CONFIRMATIONS + 1);
        patient.round();
        var confirmed = transfer(auction, Kind.NFT_TRANSFER);
        assertThat(confirmed.status()).as(confirmed.reason().orElse("")).isEqualTo(Status.CONFIRMED);
        assertThat(ownerOf(6)).isEqualToIgnoringCase(winner.getAddress());
    }

    private Settlement settlementSignedBy(Credentials key) {
        return new Settlement(
                eth,
                store,
                nfts,
                alerts,
                LocalEvmNode.CHAIN_ID,
                CONFIRMATIONS,
                Optional.of(
                        dev.gavel.chain.TransactionSigner.ofKey(org.web3j.utils.Numeric.toHexStringNoPrefixZeroPadded(
                                key.getEcKeyPair().getPrivateKey(), 64))),
                key.getAddress(),
                Optional.of(payout),
                POLICY,
                fundsChanged::add,
                clock);
    }
}
