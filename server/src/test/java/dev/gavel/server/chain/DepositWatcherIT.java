package dev.gavel.server.chain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gavel.auction.DepositPort;
import dev.gavel.chain.rpc.ChainRpc;
import dev.gavel.chain.rpc.EthClient;
import dev.gavel.core.money.Wei;
import dev.gavel.store.Database;
import dev.gavel.store.DatabaseSettings;
import dev.gavel.store.auction.Bidder;
import dev.gavel.store.auction.BidderStore;
import dev.gavel.store.chain.ChainDeposit;
import dev.gavel.store.chain.ChainStore;
import dev.gavel.testkit.TestDatabase;
import dev.gavel.testkit.WithPostgresAndRedis;
import dev.gavel.testkit.evm.Abi;
import dev.gavel.testkit.evm.LocalEvmNode;
import dev.gavel.testkit.evm.WithEvmNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;

/**
 * The deposit watcher against a real ganache node and a real PostgreSQL: confirmations, block-hash re-check,
 * reorgs (evm_snapshot / evm_revert), held deposits, failed transfers, ERC-20 logs, restarts.
 */
@WithPostgresAndRedis
@WithEvmNode
@Timeout(60)
class DepositWatcherIT {
    private static final BigInteger ETH = BigInteger.TEN.pow(18);
    private static final int CONFIRMATIONS = 3;

    private final TestDatabase db;
    private final LocalEvmNode node;
    private final Database database;
    private final ChainStore store;
    private final BidderStore bidders;
    private final EthClient eth;
    private final Clock clock = Clock.systemUTC();
    private final ChainAlerts alerts = new ChainAlerts(new SimpleMeterRegistry(), clock);
    private final DepositPort ledger;
    private String escrow;
    private long startBlock;

    DepositWatcherIT(TestDatabase db, LocalEvmNode node) {
        this.db = db;
        this.node = node;
        this.database = Database.open(DatabaseSettings.of(db.url(), db.user(), db.password()));
        database.migrate();
        store = new ChainStore(database);
        bidders = new BidderStore(database);
        eth = new EthClient(new ChainRpc(ChainRpc.Settings.of(List.of(node.url())), clock), clock, Duration.ZERO);
        ledger = (bidder, amount, source, reference) ->
                bidders.credit(bidder, amount, source, reference, clock.instant());
    }

    @BeforeEach
    void a_fresh_escrow_and_follower() throws Exception {
        try (var c = db.connect();
                var s = c.createStatement()) {
            s.execute("TRUNCATE chain_followers, chain_blocks, chain_deposits");
        }
        escrow = address(Keys.createEcKeyPair());
        startBlock = node.blockNumber() + 1;
    }

    @AfterEach
    void close() {
        database.close();
    }

    private static String address(org.web3j.crypto.ECKeyPair keys) {
        return "0x" + Keys.getAddress(keys);
    }

    private DepositWatcher watcher(Optional<String> token) {
        return new DepositWatcher(
                eth,
                store,
                bidders,
                ledger,
                alerts,
                LocalEvmNode.CHAIN_ID,
                CONFIRMATIONS,
                () -> Set.of(escrow),
                token,
                Optional.of(startBlock),
                clock);
    }

    private Bidder bidderWith(Credentials wallet) {
        return WalletBidders.create(bidders, wallet.getAddress(), clock.instant());
    }

    private Wei deposits(Bidder b) {
        return bidders.fundsOf(b.id()).deposits();
    }

    private ChainDeposit deposit(String txHash) {
        return store.find(LocalEvmNode.CHAIN_ID, txHash, ChainDeposit.NATIVE).orElseThrow();
    }

    @Test
    void a_deposit_from_a_linked_wallet_counts_only_after_the_confirmations() {
        var wallet = node.newFundedAccount(ETH.multiply(BigInteger.TWO));
        var bidder = bidderWith(wallet);
        var watcher = watcher(Optional.empty());
        String tx = node.sendEth(wallet, escrow, ETH);

        var first = watcher.followOnce();
        assertThat(first.seen()).isEqualTo(1);
        assertThat(deposit(tx).status()).isEqualTo(ChainDeposit.Status.PENDING);
        assertThat(deposits(bidder)).isEqualTo(Wei.ZERO);

        node.mine(CONFIRMATIONS - 2); // 2 confirmations: not yet
        watcher.followOnce();
        assertThat(deposits(bidder)).isEqualTo(Wei.ZERO);

        node.mine(1);
        var credited = watcher.followOnce();
        assertThat(credited.credited()).isEqualTo(1);
        assertThat(deposit(tx).status()).isEqualTo(ChainDeposit.Status.CREDITED);
        assertThat(deposit(tx).bidderId()).contains(bidder.id());
        assertThat(deposits(bidder)).isEqualTo(Wei.of(ETH));

        // more rounds, and a restarted watcher reading from its checkpoint, never count it twice
        node.mine(2);
        watcher.followOnce();
        var restarted = watcher(Optional.empty());
        assertThat(restarted.followOnce().seen()).isZero();
        assertThat(deposits(bidder)).isEqualTo(Wei.of(ETH));
    }

    @Test
    void a_deposit_rolled_back_by_a_reorg_before_finality_is_never_credited() {
        var wallet = node.newFundedAccount(ETH.multiply(BigInteger.TWO));
        var bidder = bidderWith(wallet);
        var watcher = watcher(Optional.empty());
        node.mine(1);
        watcher.followOnce();
        String snapshot = node.snapshot();
        String tx = node.sendEth(wallet, escrow, ETH);
        assertThat(watcher.followOnce().seen()).isEqualTo(1);

        assertThat(node.revert(snapshot)).isTrue();
        node.mine(CONFIRMATIONS + 2); // the same heights, other blocks, without the deposit
        var round = watcher.followOnce();

        assertThat(round.reorged()).isEqualTo(1);
        assertThat(deposit(tx).status()).isEqualTo(ChainDeposit.Status.REORGED);
        assertThat(deposit(tx).note()).hasValueSatisfying(n -> assertThat(n).contains("reorg"));
        assertThat(deposits(bidder)).isEqualTo(Wei.ZERO);
        node.mine(CONFIRMATIONS);
        watcher.followOnce();
        assertThat(deposits(bidder)).isEqualTo(Wei.ZERO);
    }

    @Test
    void a_credited_deposit_reorged_out_after_finality_raises_an_alert_and_is_flagged() {
        var wallet = node.newFundedAccount(ETH.multiply(BigInteger.TWO));
        var bidder = bidderWith(wallet);
        var watcher = watcher(Optional.empty());
        node.mine(1);
        watcher.followOnce();
        String snapshot = node.snapshot();
        String tx = node.sendEth(wallet, escrow, ETH);
        node.mine(CONFIRMATIONS);
        watcher.followOnce();
        assertThat(deposit(tx).status()).isEqualTo(ChainDeposit.Status.CREDITED);
        int alertsBefore = alerts.recent().size();

        node.revert(snapshot); // a reorg deeper than the confirmations
        node.mine(CONFIRMATIONS + 3);
        watcher.followOnce();

        assertThat(alerts.recent()).hasSize(alertsBefore + 1);
        assertThat(alerts.recent().getFirst().kind()).isEqualTo("reorg_after_finality");
        assertThat(alerts.recent().getFirst().message()).contains(tx);
        assertThat(deposit(tx).note()).hasValueSatisfying(n -> assertThat(n).contains("reorged out"));
        // the ledger is not silently rewritten: the operator decides
        assertThat(deposits(bidder)).isEqualTo(Wei.of(ETH));
        watcher.followOnce();
        assertThat(alerts.recent()).hasSize(alertsBefore + 1); // raised once
    }

    @Test
    void a_deposit_reorged_into_another_block_counts_once_in_its_new_block() {
        var wallet = node.newFundedAccount(ETH.multiply(BigInteger.TWO));
        var bidder = bidderWith(wallet);
        var watcher = watcher(Optional.empty());
        node.mine(1);
        watcher.followOnce();
        String signed = signedTransfer(wallet, escrow, ETH);
        String snapshot = node.snapshot();
        String tx = node.rpc("eth_sendRawTransaction", signed).asText();
        watcher.followOnce();
        long firstBlock = deposit(tx).blockNumber();

        node.revert(snapshot);
        node.mine(2);
        // the same signed transfer lands again, later
        assertThat(node.rpc("eth_sendRawTransaction", signed).asText()).isEqualTo(tx);
        node.mine(CONFIRMATIONS);
        watcher.followOnce();
        watcher.followOnce();

        assertThat(deposit(tx).blockNumber()).isGreaterThan(firstBlock);
        assertThat(deposit(tx).status()).isEqualTo(ChainDeposit.Status.CREDITED);
        assertThat(deposits(bidder)).isEqualTo(Wei.of(ETH));
    }

    /** A signed EIP-1559 transfer, to send as it is more than once. */
    private String signedTransfer(Credentials from, String to, BigInteger value) {
        long nonce = node.rpc("eth_getTransactionCount", from.getAddress(), "latest")
                                .asText()
                                .length()
                        > 2
                ? Long.decode(node.rpc("eth_getTransactionCount", from.getAddress(), "latest")
                        .asText())
                : 0;
        var raw = org.web3j.crypto.RawTransaction.createEtherTransaction(
                LocalEvmNode.CHAIN_ID,
                BigInteger.valueOf(nonce),
                BigInteger.valueOf(21_000),
                to,
                value,
                BigInteger.TEN.pow(9),
                BigInteger.TEN.pow(11));
        return org.web3j.utils.Numeric.toHexString(org.web3j.crypto.TransactionEncoder.signMessage(raw, from));
    }

    @Test
    void a_round_without_a_reorg_does_not_ask_the_chain_about_deposits_already_credited() {
        var calls = new java.util.concurrent.atomic.AtomicInteger();
        var counted = new EthClient(
                new ChainRpc(
                        ChainRpc.Settings.of(List.of(node.url())),
                        clock,
                        (provider, method, took, outcome) -> calls.incrementAndGet()),
                clock,
                Duration.ZERO);
        var watcher = new DepositWatcher(
                counted,
                store,
                bidders,
                ledger,
                alerts,
                LocalEvmNode.CHAIN_ID,
                CONFIRMATIONS,
                () -> Set.of(escrow),
                Optional.empty(),
                Optional.of(startBlock),
                clock);
        for (int i = 0; i < 3; i++) {
            var wallet = node.newFundedAccount(ETH.multiply(BigInteger.TWO));
            bidderWith(wallet);
            node.sendEth(wallet, escrow, ETH);
        }
        node.mine(CONFIRMATIONS);
        watcher.followOnce();
        watcher.followOnce();
        assertThat(store.counts()).containsEntry(ChainDeposit.Status.CREDITED, 3L);

        calls.set(0);
        watcher.followOnce();
        // the head, and whether the block it stopped at is still the chain's
        assertThat(calls.get()).isEqualTo(2);
    }

    @Test
    void a_deposit_from_an_unlinked_wallet_is_held_and_credited_when_the_wallet_is_linked() {
        var wallet = node.newFundedAccount(ETH.multiply(BigInteger.TWO));
        var watcher = watcher(Optional.empty());
        String tx = node.sendEth(wallet, escrow, ETH.divide(BigInteger.TWO));
        node.mine(CONFIRMATIONS);

        watcher.followOnce();
        assertThat(deposit(tx).status()).isEqualTo(ChainDeposit.Status.HELD);

        var bidder = bidderWith(wallet);
        assertThat(watcher.followOnce().credited()).isEqualTo(1);
        assertThat(deposit(tx).status()).isEqualTo(ChainDeposit.Status.CREDITED);
        assertThat(deposits(bidder)).isEqualTo(Wei.of(ETH.divide(BigInteger.TWO)));
    }

    @Test
    void a_transfer_that_failed_on_chain_is_reported_and_not_counted() {
        var wallet = node.newFundedAccount(ETH.multiply(BigInteger.TWO));
        var bidder = bidderWith(wallet);
        escrow = node.deploy(node.account(0), "RejectingReceiver", "").toLowerCase(Locale.ROOT);
        var watcher = watcher(Optional.empty());
        String tx = node.sendEth(wallet, escrow, ETH);
        assertThat(node.receipt(tx).get("status").asText()).isEqualTo("0x0");
        node.mine(CONFIRMATIONS);

        var round = watcher.followOnce();

        assertThat(round.failed()).isEqualTo(1);
        assertThat(deposit(tx).status()).isEqualTo(ChainDeposit.Status.FAILED);
        assertThat(deposit(tx).note()).hasValueSatisfying(n -> assertThat(n).contains("0x0"));
        assertThat(deposits(bidder)).isEqualTo(Wei.ZERO);
    }

    @Test
    void erc20_deposits_are_read_from_transfer_logs_and_counted_with_their_log_index() {
        var wallet = node.newFundedAccount(ETH);
        var bidder = bidderWith(wallet);
        String token = node.deploy(node.account(0), "GavelTestToken", "").toLowerCase(Locale.ROOT);
        node.transact(
                node.account(0),
                token,
                Abi.encode("mint(address,uint256)", wallet.getAddress(), ETH.multiply(BigInteger.TEN)),
                null);
        var watcher = watcher(Optional.of(token));
        String tx = node.transact(
                wallet, token, Abi.encode("transfer(address,uint256)", escrow, ETH.multiply(BigInteger.TWO)), null);
        // a transfer elsewhere is not a deposit
        node.transact(
                wallet,
                token,
                Abi.encode("transfer(address,uint256)", node.account(5).getAddress(), ETH),
                null);
        node.mine(CONFIRMATIONS);

        var round = watcher.followOnce();

        assertThat(round.seen()).isEqualTo(1);
        assertThat(round.credited()).isEqualTo(1);
        var d = store.ofBidder(bidder.id(), bidder.wallet(), 10).getFirst();
        assertThat(d.txHash()).isEqualTo(tx);
        assertThat(d.logIndex()).isNotEqualTo(ChainDeposit.NATIVE);
        assertThat(d.token()).contains(token);
        assertThat(deposits(bidder)).isEqualTo(Wei.of(ETH.multiply(BigInteger.TWO)));
    }

    @Test
    void a_zero_value_token_transfer_deposits_nothing_and_holds_up_no_other_deposit() {
        var wallet = node.newFundedAccount(ETH.multiply(BigInteger.TWO));
        var bidder = bidderWith(wallet);
        String token = node.deploy(node.account(0), "GavelTestToken", "").toLowerCase(Locale.ROOT);
        var watcher = watcher(Optional.of(token));
        // anyone may log a Transfer of 0 from anyone's address: no allowance is needed for nothing
        var stranger = node.newFundedAccount(ETH);
        node.transact(
                stranger,
                token,
                Abi.encode("transferFrom(address,address,uint256)", wallet.getAddress(), escrow, BigInteger.ZERO),
                null);
        String honest = node.sendEth(wallet, escrow, ETH);
        node.mine(CONFIRMATIONS);

        watcher.followOnce();
        watcher.followOnce();

        assertThat(deposit(honest).status()).isEqualTo(ChainDeposit.Status.CREDITED);
        assertThat(store.ofBidder(bidder.id(), bidder.wallet(), 10)).hasSize(1);
        assertThat(deposits(bidder)).isEqualTo(Wei.of(ETH));
    }

    @Test
    void a_held_deposit_whose_block_was_reorged_out_is_not_credited_when_its_wallet_is_linked() {
        var wallet = node.newFundedAccount(ETH.multiply(BigInteger.TWO));
        var watcher = watcher(Optional.empty());
        node.mine(1);
        watcher.followOnce();
        String snapshot = node.snapshot();
        String tx = node.sendEth(wallet, escrow, ETH);
        node.mine(CONFIRMATIONS);
        watcher.followOnce();
        assertThat(deposit(tx).status()).isEqualTo(ChainDeposit.Status.HELD);

        node.revert(snapshot);
        node.mine(CONFIRMATIONS + 2);
        var bidder = bidderWith(wallet);
        watcher.followOnce();

        assertThat(deposit(tx).status()).isEqualTo(ChainDeposit.Status.REORGED);
        assertThat(deposits(bidder)).isEqualTo(Wei.ZERO);
    }
}
