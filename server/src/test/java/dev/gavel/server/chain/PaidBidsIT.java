package dev.gavel.server.chain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gavel.auction.AuctionState;
import dev.gavel.auction.AuctionStatus;
import dev.gavel.auction.AuctionTerms;
import dev.gavel.auction.BidCommand;
import dev.gavel.auction.BidKey;
import dev.gavel.auction.BidSource;
import dev.gavel.auction.RejectionReason;
import dev.gavel.chain.rpc.ChainRpc;
import dev.gavel.chain.rpc.EthClient;
import dev.gavel.core.money.Wei;
import dev.gavel.store.Database;
import dev.gavel.store.DatabaseSettings;
import dev.gavel.store.Redis;
import dev.gavel.store.auction.AuctionStore;
import dev.gavel.store.auction.Bidder;
import dev.gavel.store.auction.BidderStore;
import dev.gavel.store.auction.StoredAuction;
import dev.gavel.store.chain.ChainStore;
import dev.gavel.store.chain.PaymentWaits;
import dev.gavel.store.live.BidIntakeStream;
import dev.gavel.testkit.TestDatabase;
import dev.gavel.testkit.TestRedis;
import dev.gavel.testkit.WithPostgresAndRedis;
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
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;

/**
 * Bids paid by tx hash against a real ganache node: they wait for their payment's confirmations, then go on
 * to the sequencer with the verdict; a verified payment is credited once, a bad one refused with the reason.
 */
@WithPostgresAndRedis
@WithEvmNode
@Timeout(60)
class PaidBidsIT {
    private static final BigInteger ETH = BigInteger.TEN.pow(18);
    private static final int CONFIRMATIONS = 3;

    private final LocalEvmNode node;
    private final Database database;
    private final Redis redis;
    private final BidderStore bidders;
    private final AuctionStore auctions;
    private final ChainStore store;
    private final PaymentWaits waits;
    private final BidIntakeStream intake;
    private final EthClient eth;
    private final Clock clock = Clock.systemUTC();
    private String escrow;
    private DepositWatcher watcher;
    private PaidBids paid;
    private UUID auctionId;

    PaidBidsIT(TestDatabase db, TestRedis testRedis, LocalEvmNode node) {
        this.node = node;
        database = Database.open(DatabaseSettings.of(db.url(), db.user(), db.password()));
        database.migrate();
        redis = Redis.connect(testRedis.uri(), Duration.ofSeconds(2));
        bidders = new BidderStore(database);
        auctions = new AuctionStore(database);
        store = new ChainStore(database);
        waits = new PaymentWaits(database);
        intake = new BidIntakeStream(redis);
        eth = new EthClient(new ChainRpc(ChainRpc.Settings.of(List.of(node.url())), clock), clock, Duration.ZERO);
    }

    @BeforeEach
    void an_auction_an_escrow_and_a_desk() throws Exception {
        escrow = "0x" + Keys.getAddress(Keys.createEcKeyPair());
        watcher = new DepositWatcher(
                eth,
                store,
                bidders,
                (bidder, amount, source, reference) ->
                        bidders.credit(bidder, amount, source, reference, clock.instant()),
                new ChainAlerts(new SimpleMeterRegistry(), clock),
                LocalEvmNode.CHAIN_ID,
                CONFIRMATIONS,
                () -> Set.of(escrow),
                Optional.empty(),
                Optional.of(node.blockNumber() + 1),
                clock);
        paid = new PaidBids(
                waits,
                new PaymentCheck(eth, store, watcher, clock),
                intake,
                clock,
                Duration.ofSeconds(30),
                Duration.ZERO);
        var state = AuctionState.planned(
                        UUID.randomUUID(),
                        Instant.now(),
                        Instant.now().plusSeconds(3600),
                        AuctionTerms.defaults(Wei.ofEth("1"), Wei.ofEth("1")))
                .withStatus(AuctionStatus.ACTIVE);
        auctions.insert(new StoredAuction(
                state, "Paid", Optional.empty(), "{}", Optional.empty(), Optional.empty(), Instant.now()));
        auctionId = state.id();
    }

    @AfterEach
    void close() {
        paid.close();
        redis.close();
        database.close();
    }

    private Bidder bidderWith(Credentials wallet) {
        return WalletBidders.create(bidders, wallet.getAddress(), clock.instant());
    }

    private BidCommand bid(Bidder b, String eth) {
        return new BidCommand(
                new BidKey(BidSource.X, String.valueOf(System.nanoTime())),
                auctionId,
                b.id(),
                Wei.ofEth(eth),
                clock.instant(),
                clock.instant());
    }

    /** The newest intake entry for {@code key}. */
    private Optional<BidCommand> published(BidKey key) {
        return redis.sync().xrange(dev.gavel.store.live.Keys.INTAKE, io.lettuce.core.Range.create("-", "+")).stream()
                .filter(m -> key.externalId().equals(m.getBody().get("externalId")))
                .map(m -> BidIntakeStream.command(m.getBody()))
                .reduce((a, b) -> b);
    }

    @Test
    void a_bid_paid_by_tx_hash_waits_for_confirmations_then_goes_on_verified_and_credited_once() {
        var wallet = node.newFundedAccount(ETH.multiply(BigInteger.TEN));
        var bidder = bidderWith(wallet);
        String tx = node.sendEth(wallet, escrow, ETH.multiply(BigInteger.TWO));
        var bid = bid(bidder, "2");

        paid.await(bid, tx, wallet.getAddress());
        assertThat(paid.round()).isZero(); // 1 of 3 confirmations
        assertThat(published(bid.key())).isEmpty();
        assertThat(waits.all()).singleElement().satisfies(w -> assertThat(w.lastState())
                .contains("1 of 3 confirmations"));

        node.mine(CONFIRMATIONS - 1);
        assertThat(paid.round()).isEqualTo(1);

        var out = published(bid.key()).orElseThrow();
        assertThat(out.payment()).contains(BidCommand.Payment.verified(tx));
        assertThat(bidders.fundsOf(bidder.id()).deposits()).isEqualTo(Wei.ofEth("2"));
        assertThat(waits.all()).isEmpty();
        // the watcher reading the same transfer later does not count it again
        watcher.followOnce();
        assertThat(bidders.fundsOf(bidder.id()).deposits()).isEqualTo(Wei.ofEth("2"));
    }

    @Test
    void a_payment_from_another_wallet_or_too_small_or_failed_is_refused_with_the_reason() throws Exception {
        var wallet = node.newFundedAccount(ETH.multiply(BigInteger.TEN));
        var stranger = node.newFundedAccount(ETH.multiply(BigInteger.TEN));
        var bidder = bidderWith(wallet);
        String fromStranger = node.sendEth(stranger, escrow, ETH.multiply(BigInteger.TWO));
        String tooSmall = node.sendEth(wallet, escrow, ETH);
        String elsewhere = node.sendEth(wallet, node.account(7).getAddress(), ETH.multiply(BigInteger.TWO));
        escrow = node.deploy(node.account(0), "RejectingReceiver", "").toLowerCase(Locale.ROOT);
        String reverted = node.sendEth(wallet, escrow, ETH.multiply(BigInteger.TWO));
        node.mine(CONFIRMATIONS);

        var a = bid(bidder, "2");
        var b = bid(bidder, "2");
        var c = bid(bidder, "2");
        var d = bid(bidder, "2");
        // the stranger's and the small payment were to the first escrow: check them against it
        paid.await(c, elsewhere, wallet.getAddress());
        paid.await(d, reverted, wallet.getAddress());
        paid.round();
        assertThat(published(c.key()).orElseThrow().payment().orElseThrow().problem())
                .contains(RejectionReason.PAYMENT_NOT_TO_ESCROW);
        assertThat(published(d.key()).orElseThrow().payment().orElseThrow().problem())
                .contains(RejectionReason.PAYMENT_FAILED);

        escrow = node.receipt(fromStranger).get("to").asText();
        paid.await(a, fromStranger, wallet.getAddress());
        paid.await(b, tooSmall, wallet.getAddress());
        paid.round();
        assertThat(published(a.key()).orElseThrow().payment().orElseThrow().problem())
                .contains(RejectionReason.PAYMENT_NOT_FROM_WALLET);
        assertThat(published(b.key()).orElseThrow().payment().orElseThrow().problem())
                .contains(RejectionReason.PAYMENT_TOO_SMALL);
        assertThat(bidders.fundsOf(bidder.id()).deposits()).isEqualTo(Wei.ZERO);
    }

    @Test
    void a_payment_that_never_appears_is_rejected_once_the_wait_runs_out() {
        var wallet = node.newFundedAccount(ETH);
        var bidder = bidderWith(wallet);
        var impatient = new PaidBids(
                waits, new PaymentCheck(eth, store, watcher, clock), intake, clock, Duration.ZERO, Duration.ZERO);
        var bid = bid(bidder, "1");

        impatient.await(bid, "0x" + "5a".repeat(32), wallet.getAddress());
        impatient.round();
        impatient.close();

        assertThat(published(bid.key()).orElseThrow().payment().orElseThrow().problem())
                .contains(RejectionReason.PAYMENT_NOT_FOUND);
    }

    @Test
    void one_payment_backs_the_bids_of_one_bidder_in_one_auction_and_no_bid_elsewhere() {
        var wallet = node.newFundedAccount(ETH.multiply(BigInteger.TEN));
        var bidder = bidderWith(wallet);
        String tx = node.sendEth(wallet, escrow, ETH.multiply(BigInteger.valueOf(3)));
        node.mine(CONFIRMATIONS);
        var first = bid(bidder, "2");
        var raise = bid(bidder, "3"); // the same payment named again for a raise in the same auction
        var other = AuctionState.planned(
                        UUID.randomUUID(),
                        first.eventTime(),
                        first.eventTime().plusSeconds(3600),
                        AuctionTerms.defaults(Wei.ofEth("1"), Wei.ofEth("1")))
                .withStatus(AuctionStatus.ACTIVE);
        auctions.insert(new StoredAuction(
                other, "Other", Optional.empty(), "{}", Optional.empty(), Optional.empty(), Instant.now()));
        var elsewhere = new BidCommand(
                new BidKey(BidSource.X, "elsewhere-" + System.nanoTime()),
                other.id(),
                bidder.id(),
                Wei.ofEth("2"),
                clock.instant(),
                clock.instant());

        paid.await(first, tx, wallet.getAddress());
        paid.await(raise, tx, wallet.getAddress());
        paid.await(elsewhere, tx, wallet.getAddress());
        paid.round();

        assertThat(published(first.key()).orElseThrow().payment()).contains(BidCommand.Payment.verified(tx));
        assertThat(published(raise.key()).orElseThrow().payment()).contains(BidCommand.Payment.verified(tx));
        assertThat(published(elsewhere.key())
                        .orElseThrow()
                        .payment()
                        .orElseThrow()
                        .problem())
                .contains(RejectionReason.PAYMENT_ALREADY_USED);
        assertThat(bidders.fundsOf(bidder.id()).deposits()).isEqualTo(Wei.ofEth("3"));
    }
}
