package dev.gavel.sim.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gavel.core.time.MutableClock;
import java.io.IOException;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.utils.Numeric;

/** The simulator as a client sees it: JSON-RPC over HTTP, transactions signed with web3j as a wallet signs them. */
class SimChainTest {
    private static final long CHAIN_ID = 1337;
    private static final BigInteger GWEI = BigInteger.valueOf(1_000_000_000L);
    private static final BigInteger ETH = BigInteger.TEN.pow(18);
    private static final String TWO_GWEI = "0x77359400";
    private static final String ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";
    private static final String TRANSFER = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";
    private static final String APPROVAL = "0x8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925";
    private static final String APPROVAL_FOR_ALL = "0x17307eab39ab6107e8899845ad3d59bd9653f200f220920489ca2b5937696c31";
    private static final Pattern QUANTITY = Pattern.compile("0x(0|[1-9a-f][0-9a-f]*)");

    private static final Credentials ALICE =
            Credentials.create("0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318");
    private static final Credentials BOB = Credentials.create("0x" + "11".repeat(32));
    private static final Credentials CAROL = Credentials.create("0x" + "22".repeat(32));

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-11-21T19:00:00Z"));
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private SimChain chain;

    @BeforeEach
    void start() throws IOException {
        chain = SimChain.start(SimChain.Settings.forChain(CHAIN_ID).withBlockTime(Duration.ZERO), clock);
    }

    @AfterEach
    void stop() {
        chain.close();
        http.close();
    }

    @Test
    @Timeout(30)
    void a_funded_accounts_transfer_is_mined_in_the_next_block_with_status_1_and_moves_the_value_and_the_gas()
            throws Exception {
        String alice = ALICE.getAddress();
        String bob = BOB.getAddress();
        assertThat(result("sim_fund", alice, hex(ETH)).asBoolean()).isTrue();

        String raw = transfer(ALICE, 0, bob, ETH.divide(BigInteger.TEN));
        String hash = result("eth_sendRawTransaction", raw).asText();

        assertThat(hash).isEqualTo(Hash.sha3(raw));
        assertThat(result("eth_getTransactionReceipt", hash).isNull()).isTrue();
        JsonNode pooled = result("eth_getTransactionByHash", hash);
        assertThat(pooled.path("blockNumber").isNull()).isTrue();
        assertThat(pooled.path("blockHash").isNull()).isTrue();
        assertThat(pooled.path("from").asText()).isEqualTo(alice);
        assertThat(result("eth_getTransactionCount", alice, "pending").asText()).isEqualTo("0x1");
        assertThat(result("eth_getTransactionCount", alice, "latest").asText()).isEqualTo("0x0");

        mine();

        JsonNode receipt = result("eth_getTransactionReceipt", hash);
        assertThat(receipt.path("status").asText()).isEqualTo("0x1");
        assertThat(receipt.path("blockNumber").asText()).isEqualTo("0x1");
        assertThat(receipt.path("gasUsed").asText()).isEqualTo("0x5208");
        assertThat(receipt.path("cumulativeGasUsed").asText()).isEqualTo("0x5208");
        assertThat(receipt.path("effectiveGasPrice").asText()).isEqualTo(TWO_GWEI);
        assertThat(receipt.path("from").asText()).isEqualTo(alice);
        assertThat(receipt.path("to").asText()).isEqualTo(bob);
        assertThat(receipt.path("contractAddress").isNull()).isTrue();
        assertThat(receipt.path("logs")).isEmpty();
        assertThat(receipt.path("type").asText()).isEqualTo("0x2");
        assertThat(receipt.path("logsBloom").asText()).hasSize(2 + 512);
        assertThat(receipt.path("blockHash").asText())
                .isEqualTo(result("eth_getBlockByNumber", "latest", false)
                        .path("hash")
                        .asText());
        assertThat(result("eth_getBlockByNumber", "0x1", false).path("transactions"))
                .extracting(JsonNode::asText)
                .containsExactly(hash);
        assertThat(result("eth_getBalance", bob, "latest").asText()).isEqualTo(hex(ETH.divide(BigInteger.TEN)));
        BigInteger gasPaid = BigInteger.valueOf(21_000).multiply(GWEI.multiply(BigInteger.TWO));
        assertThat(result("eth_getBalance", alice, "latest").asText())
                .isEqualTo(hex(ETH.subtract(ETH.divide(BigInteger.TEN)).subtract(gasPaid)));
        assertThat(result("eth_getBalance", alice, "0x0").asText()).isEqualTo(hex(ETH));
        assertThat(result("eth_getTransactionCount", alice, "latest").asText()).isEqualTo("0x1");
    }

    @Test
    @Timeout(30)
    void a_legacy_transaction_is_accepted_when_it_is_replay_protected_and_its_sender_is_recovered() throws Exception {
        result("sim_fund", ALICE.getAddress(), hex(ETH));
        var legacy = RawTransaction.createEtherTransaction(
                BigInteger.ZERO, GWEI.multiply(BigInteger.TWO), BigInteger.valueOf(21_000), BOB.getAddress(), GWEI);

        JsonNode unprotected =
                error("eth_sendRawTransaction", Numeric.toHexString(TransactionEncoder.signMessage(legacy, ALICE)));
        String hash = result(
                        "eth_sendRawTransaction",
                        Numeric.toHexString(TransactionEncoder.signMessage(legacy, CHAIN_ID, ALICE)))
                .asText();
        mine();

        assertThat(unprotected.path("code").asInt()).isEqualTo(-32000);
        assertThat(unprotected.path("message").asText()).contains("replay-protected");
        JsonNode tx = result("eth_getTransactionByHash", hash);
        assertThat(tx.path("type").asText()).isEqualTo("0x0");
        assertThat(tx.path("from").asText()).isEqualTo(ALICE.getAddress());
        assertThat(tx.path("chainId").asText()).isEqualTo("0x539");
        assertThat(tx.path("gasPrice").asText()).isEqualTo(TWO_GWEI);
        assertThat(tx.has("maxFeePerGas")).isFalse();
        assertThat(result("eth_getTransactionReceipt", hash).path("status").asText())
                .isEqualTo("0x1");
    }

    @Test
    @Timeout(30)
    void a_wrong_nonce_a_wrong_chain_id_and_missing_funds_are_json_rpc_errors() throws Exception {
        result("sim_fund", ALICE.getAddress(), hex(ETH));

        JsonNode tooHigh = error("eth_sendRawTransaction", transfer(ALICE, 1, BOB.getAddress(), GWEI));
        String first = transfer(ALICE, 0, BOB.getAddress(), GWEI);
        result("eth_sendRawTransaction", first);
        JsonNode again = error("eth_sendRawTransaction", first);
        mine();
        JsonNode tooLow = error("eth_sendRawTransaction", transfer(ALICE, 0, BOB.getAddress(), GWEI.add(GWEI)));
        var otherChain = RawTransaction.createEtherTransaction(
                1L,
                BigInteger.ONE,
                BigInteger.valueOf(21_000),
                BOB.getAddress(),
                GWEI,
                GWEI,
                GWEI.multiply(BigInteger.valueOf(3)));
        JsonNode wrongChain =
                error("eth_sendRawTransaction", Numeric.toHexString(TransactionEncoder.signMessage(otherChain, ALICE)));
        JsonNode poor = error("eth_sendRawTransaction", transfer(CAROL, 0, BOB.getAddress(), GWEI));

        assertThat(List.of(tooHigh, again, tooLow, wrongChain, poor))
                .allSatisfy(e -> assertThat(e.path("code").asInt()).isEqualTo(-32000));
        assertThat(tooHigh.path("message").asText()).startsWith("nonce too high");
        assertThat(again.path("message").asText()).isEqualTo("already known");
        assertThat(tooLow.path("message").asText()).startsWith("nonce too low");
        assertThat(wrongChain.path("message").asText()).startsWith("invalid chain id");
        assertThat(poor.path("message").asText()).startsWith("insufficient funds for gas * price + value");
        assertThat(result("eth_getTransactionCount", ALICE.getAddress(), "pending")
                        .asText())
                .isEqualTo("0x1");
    }

    @Test
    @Timeout(30)
    void an_nft_minted_to_a_and_transferred_to_b_belongs_to_b_and_its_transfer_log_is_found_by_topic()
            throws Exception {
        String alice = ALICE.getAddress();
        String bob = BOB.getAddress();
        String collection = result("sim_createCollection", "Gavel Lots").asText();
        String mintHash = result("sim_mint", collection, alice, "0x7").asText();
        JsonNode twice = error("sim_mint", collection, bob, "0x7");
        result("sim_fund", alice, hex(ETH));
        mine();
        assertThat(call(collection, "0x6352211e" + word(7))).isEqualTo("0x" + word(alice));

        String hash = result(
                        "eth_sendRawTransaction",
                        contractCall(ALICE, 0, collection, "0x23b872dd" + word(alice) + word(bob) + word(7)))
                .asText();
        mine();

        assertThat(twice.path("message").asText()).contains("already exists");
        JsonNode receipt = result("eth_getTransactionReceipt", hash);
        assertThat(receipt.path("status").asText()).isEqualTo("0x1");
        assertThat(receipt.path("gasUsed").asText()).isEqualTo("0xea60");
        JsonNode log = receipt.path("logs").get(0);
        assertThat(receipt.path("logs")).hasSize(1);
        assertThat(log.path("address").asText()).isEqualTo(collection);
        assertThat(log.path("topics"))
                .extracting(JsonNode::asText)
                .containsExactly(TRANSFER, "0x" + word(alice), "0x" + word(bob), "0x" + word(7));
        assertThat(log.path("data").asText()).isEqualTo("0x");
        assertThat(log.path("logIndex").asText()).isEqualTo("0x0");
        assertThat(log.path("removed").asBoolean(true)).isFalse();
        assertThat(call(collection, "0x6352211e" + word(7))).isEqualTo("0x" + word(bob));
        assertThat(call(collection, "0x70a08231" + word(bob))).isEqualTo("0x" + word(1));
        assertThat(call(collection, "0x70a08231" + word(alice))).isEqualTo("0x" + word(0));

        JsonNode toBob = result("eth_getLogs", filter(collection, TRANSFER, null, "0x" + word(bob)));
        assertThat(toBob).hasSize(1);
        assertThat(toBob.get(0).path("transactionHash").asText()).isEqualTo(hash);
        assertThat(toBob.get(0).path("blockHash").asText())
                .isEqualTo(receipt.path("blockHash").asText());
        assertThat(result(
                        "eth_getLogs",
                        filter(collection, TRANSFER, null, List.of("0x" + word(CAROL.getAddress()), "0x" + word(bob)))))
                .hasSize(1);
        assertThat(result("eth_getLogs", filter(collection, TRANSFER, null, "0x" + word(CAROL.getAddress()))))
                .isEmpty();
        JsonNode mints = result("eth_getLogs", filter(collection, TRANSFER, "0x" + word(ZERO_ADDRESS)));
        assertThat(mints).hasSize(1);
        assertThat(mints.get(0).path("transactionHash").asText()).isEqualTo(mintHash);
        assertThat(result("eth_getTransactionReceipt", mintHash).path("status").asText())
                .isEqualTo("0x1");
        assertThat(result(
                        "eth_getLogs",
                        Map.of("blockHash", receipt.path("blockHash").asText())))
                .hasSize(1);
    }

    @Test
    @Timeout(30)
    void an_unauthorised_transfer_from_is_mined_with_status_0_and_no_logs_and_gas_estimation_reports_the_revert()
            throws Exception {
        String alice = ALICE.getAddress();
        String bob = BOB.getAddress();
        String collection = result("sim_createCollection", "Gavel Lots").asText();
        result("sim_mint", collection, alice, "0x7");
        result("sim_fund", bob, hex(ETH));
        mine();
        String steal = "0x23b872dd" + word(alice) + word(bob) + word(7);

        JsonNode estimate = error("eth_estimateGas", Map.of("from", bob, "to", collection, "data", steal));
        String hash = result("eth_sendRawTransaction", contractCall(BOB, 0, collection, steal))
                .asText();
        mine();

        assertThat(estimate.path("code").asInt()).isEqualTo(3);
        assertThat(estimate.path("message").asText()).isEqualTo("execution reverted");
        assertThat(estimate.path("data").asText())
                .isEqualTo(selector("ERC721InsufficientApproval(address,uint256)") + word(bob) + word(7));
        JsonNode receipt = result("eth_getTransactionReceipt", hash);
        assertThat(receipt.path("status").asText()).isEqualTo("0x0");
        assertThat(receipt.path("logs")).isEmpty();
        assertThat(receipt.path("gasUsed").asText()).isEqualTo("0xea60");
        assertThat(call(collection, "0x6352211e" + word(7))).isEqualTo("0x" + word(alice));
        assertThat(result("eth_getBalance", bob, "latest").asText())
                .isEqualTo(hex(ETH.subtract(BigInteger.valueOf(60_000).multiply(GWEI.multiply(BigInteger.TWO)))));
    }

    @Test
    @Timeout(30)
    void value_sent_to_a_collection_is_refunded_as_its_functions_are_not_payable() throws Exception {
        String alice = ALICE.getAddress();
        String collection = result("sim_createCollection", "Gavel Lots").asText();
        result("sim_mint", collection, alice, "0x7");
        result("sim_fund", alice, hex(ETH));
        mine();

        String hash = result(
                        "eth_sendRawTransaction",
                        contractCall(ALICE, 0, collection, "0x095ea7b3" + word(BOB.getAddress()) + word(7), GWEI))
                .asText();
        mine();

        assertThat(result("eth_getTransactionReceipt", hash).path("status").asText())
                .isEqualTo("0x0");
        assertThat(result("eth_getBalance", collection, "latest").asText()).isEqualTo("0x0");
        assertThat(result("eth_getBalance", alice, "latest").asText())
                .isEqualTo(hex(ETH.subtract(BigInteger.valueOf(60_000).multiply(GWEI.multiply(BigInteger.TWO)))));
        assertThat(call(collection, "0x081812fc" + word(7))).isEqualTo("0x" + word(ZERO_ADDRESS));
    }

    @Test
    @Timeout(30)
    void an_approved_address_and_an_operator_may_transfer_the_owners_tokens() throws Exception {
        String alice = ALICE.getAddress();
        String bob = BOB.getAddress();
        String carol = CAROL.getAddress();
        String collection = result("sim_createCollection", "Gavel Lots").asText();
        result("sim_mint", collection, alice, "0x7");
        result("sim_mint", collection, alice, "0x8");
        for (String who : List.of(alice, bob, carol)) {
            result("sim_fund", who, hex(ETH));
        }
        mine();

        String approve = result(
                        "eth_sendRawTransaction",
                        contractCall(ALICE, 0, collection, "0x095ea7b3" + word(bob) + word(7)))
                .asText();
        mine();
        String approvedFor7 = call(collection, "0x081812fc" + word(7));
        String byApproved = result(
                        "eth_sendRawTransaction",
                        contractCall(BOB, 0, collection, "0x23b872dd" + word(alice) + word(carol) + word(7)))
                .asText();
        String operator = result(
                        "eth_sendRawTransaction",
                        contractCall(ALICE, 1, collection, "0xa22cb465" + word(carol) + word(1)))
                .asText();
        mine();
        String byOperator = result(
                        "eth_sendRawTransaction",
                        contractCall(CAROL, 0, collection, "0x42842e0e" + word(alice) + word(bob) + word(8)))
                .asText();
        mine();

        assertThat(result("eth_getTransactionReceipt", approve)
                        .path("logs")
                        .get(0)
                        .path("topics"))
                .extracting(JsonNode::asText)
                .containsExactly(APPROVAL, "0x" + word(alice), "0x" + word(bob), "0x" + word(7));
        assertThat(approvedFor7).isEqualTo("0x" + word(bob));
        assertThat(result("eth_getTransactionReceipt", byApproved)
                        .path("status")
                        .asText())
                .isEqualTo("0x1");
        assertThat(call(collection, "0x6352211e" + word(7))).isEqualTo("0x" + word(carol));
        assertThat(call(collection, "0x081812fc" + word(7))).isEqualTo("0x" + word(ZERO_ADDRESS));
        JsonNode operatorLog =
                result("eth_getTransactionReceipt", operator).path("logs").get(0);
        assertThat(operatorLog.path("topics"))
                .extracting(JsonNode::asText)
                .containsExactly(APPROVAL_FOR_ALL, "0x" + word(alice), "0x" + word(carol));
        assertThat(operatorLog.path("data").asText()).isEqualTo("0x" + word(1));
        assertThat(call(collection, "0xe985e9c5" + word(alice) + word(carol))).isEqualTo("0x" + word(1));
        assertThat(result("eth_getTransactionReceipt", byOperator)
                        .path("status")
                        .asText())
                .isEqualTo("0x1");
        assertThat(call(collection, "0x6352211e" + word(8))).isEqualTo("0x" + word(bob));
    }

    @Test
    @Timeout(30)
    void a_reorg_of_two_blocks_gives_them_new_hashes_and_undoes_the_transfer_in_them() throws Exception {
        String alice = ALICE.getAddress();
        String bob = BOB.getAddress();
        result("sim_fund", alice, hex(ETH));
        mine();
        String raw = transfer(ALICE, 0, bob, GWEI);
        String hash = result("eth_sendRawTransaction", raw).asText();
        mine();
        result("sim_fund", CAROL.getAddress(), "0x5"); // funds are out of band: a reorg keeps them
        mine();
        String first = blockHash("0x1");
        String second = blockHash("0x2");
        String third = blockHash("0x3");
        assertThat(result("eth_getTransactionReceipt", hash).path("blockHash").asText())
                .isEqualTo(second);

        String newHead = result("sim_reorg", 2).asText();

        assertThat(result("eth_blockNumber").asText()).isEqualTo("0x3");
        assertThat(blockHash("0x1")).isEqualTo(first);
        assertThat(blockHash("0x2")).isNotEqualTo(second);
        assertThat(blockHash("0x3")).isNotEqualTo(third).isEqualTo(newHead);
        JsonNode replaced = result("eth_getBlockByNumber", "0x2", false);
        assertThat(replaced.path("parentHash").asText()).isEqualTo(first);
        assertThat(replaced.path("transactions")).isEmpty();
        assertThat(result("eth_getBlockByHash", second, false).isNull()).isTrue();
        assertThat(result("eth_getTransactionReceipt", hash).isNull()).isTrue();
        assertThat(result("eth_getTransactionByHash", hash).isNull()).isTrue();
        assertThat(result("eth_getBalance", bob, "latest").asText()).isEqualTo("0x0");
        assertThat(result("eth_getBalance", alice, "latest").asText()).isEqualTo(hex(ETH));
        assertThat(result("eth_getBalance", CAROL.getAddress(), "latest").asText())
                .isEqualTo("0x5");
        assertThat(result("eth_getTransactionCount", alice, "latest").asText()).isEqualTo("0x0");
        assertThat(result("eth_sendRawTransaction", raw).asText()).isEqualTo(hash);
    }

    @Test
    @Timeout(30)
    void unknown_methods_malformed_json_bad_arguments_and_batches_are_answered_as_json_rpc_2() throws Exception {
        JsonNode unknown = rpc("eth_frobnicate").path("error");
        JsonNode malformed = send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":");
        JsonNode badAddress = error("eth_getBalance", "0x123", "latest");
        JsonNode batch = send("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\"},"
                + "{\"jsonrpc\":\"2.0\",\"id\":\"b\",\"method\":\"net_version\",\"params\":[]},"
                + "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"nope\"}]");

        assertThat(unknown.path("code").asInt()).isEqualTo(-32601);
        assertThat(unknown.path("message").asText())
                .isEqualTo("the method eth_frobnicate does not exist/is not available");
        assertThat(malformed.path("error").path("code").asInt()).isEqualTo(-32700);
        assertThat(malformed.path("id").isNull()).isTrue();
        assertThat(badAddress.path("code").asInt()).isEqualTo(-32602);
        assertThat(batch).hasSize(3);
        assertThat(batch.get(0).path("id").asInt()).isEqualTo(1);
        assertThat(batch.get(0).path("result").asText()).isEqualTo("0x539");
        assertThat(batch.get(1).path("id").asText()).isEqualTo("b");
        assertThat(batch.get(1).path("result").asText()).isEqualTo("1337");
        assertThat(batch.get(2).path("error").path("code").asInt()).isEqualTo(-32601);
        assertThat(result("web3_clientVersion").asText()).startsWith("GavelSimChain/");
    }

    @Test
    @Timeout(30)
    void block_tags_and_full_transaction_objects_have_the_shapes_of_a_real_node() throws Exception {
        result("sim_fund", ALICE.getAddress(), hex(ETH));
        String hash = result("eth_sendRawTransaction", transfer(ALICE, 0, BOB.getAddress(), GWEI))
                .asText();
        JsonNode pending = result("eth_getBlockByNumber", "pending", false);
        mine();

        assertThat(pending.path("hash").isNull()).isTrue();
        assertThat(pending.path("number").asText()).isEqualTo("0x1");
        assertThat(pending.path("transactions")).extracting(JsonNode::asText).containsExactly(hash);
        JsonNode block = result("eth_getBlockByNumber", "latest", true);
        assertThat(fieldNames(block))
                .contains(
                        "baseFeePerGas",
                        "difficulty",
                        "extraData",
                        "gasLimit",
                        "gasUsed",
                        "hash",
                        "logsBloom",
                        "miner",
                        "mixHash",
                        "nonce",
                        "number",
                        "parentHash",
                        "receiptsRoot",
                        "sha3Uncles",
                        "size",
                        "stateRoot",
                        "timestamp",
                        "transactions",
                        "transactionsRoot",
                        "uncles");
        assertThat(block.path("number").asText()).isEqualTo("0x1");
        assertThat(block.path("baseFeePerGas").asText()).isEqualTo("0x3b9aca00");
        assertThat(block.path("gasUsed").asText()).isEqualTo("0x5208");
        assertThat(block.path("logsBloom").asText()).hasSize(2 + 512);
        assertThat(block.path("timestamp").asText())
                .isEqualTo(
                        Long.toHexString(clock.instant().getEpochSecond() + 1).transform(h -> "0x" + h));
        JsonNode tx = block.path("transactions").get(0);
        assertThat(fieldNames(tx))
                .contains(
                        "hash",
                        "nonce",
                        "blockHash",
                        "blockNumber",
                        "transactionIndex",
                        "from",
                        "to",
                        "value",
                        "gas",
                        "input",
                        "type",
                        "chainId",
                        "maxFeePerGas",
                        "maxPriorityFeePerGas",
                        "gasPrice",
                        "accessList",
                        "v",
                        "r",
                        "s",
                        "yParity");
        assertThat(tx.path("hash").asText()).isEqualTo(hash);
        assertThat(tx.path("blockHash").asText()).isEqualTo(block.path("hash").asText());
        assertThat(tx.path("blockNumber").asText()).isEqualTo("0x1");
        assertThat(tx.path("transactionIndex").asText()).isEqualTo("0x0");
        assertThat(tx.path("nonce").asText()).isEqualTo("0x0");
        assertThat(tx.path("input").asText()).isEqualTo("0x");
        assertThat(tx.path("type").asText()).isEqualTo("0x2");
        assertThat(tx.path("chainId").asText()).isEqualTo("0x539");
        assertThat(tx.path("gasPrice").asText()).isEqualTo(TWO_GWEI);
        assertThat(tx.path("maxPriorityFeePerGas").asText()).isEqualTo("0x3b9aca00");
        for (String field :
                List.of("number", "gasUsed", "gasLimit", "timestamp", "baseFeePerGas", "size", "difficulty")) {
            assertThat(block.path(field).asText()).as(field).matches(QUANTITY);
        }
        for (String field : List.of("nonce", "value", "gas", "gasPrice", "maxFeePerGas", "v", "yParity", "chainId")) {
            assertThat(tx.path(field).asText()).as(field).matches(QUANTITY);
        }
        JsonNode genesis = result("eth_getBlockByNumber", "earliest", false);
        assertThat(genesis.path("number").asText()).isEqualTo("0x0");
        assertThat(genesis.path("parentHash").asText()).isEqualTo("0x" + "0".repeat(64));
        assertThat(genesis.path("transactions")).isEmpty();
        assertThat(result("eth_getBlockByNumber", "finalized", false)
                        .path("hash")
                        .asText())
                .isEqualTo(genesis.path("hash").asText());
        assertThat(result("eth_getBlockByNumber", "safe", false).path("number").asText())
                .isEqualTo("0x0");
        assertThat(result("eth_getBlockByNumber", "0x99", false).isNull()).isTrue();
        assertThat(result("eth_getBlockByHash", block.path("hash").asText(), false)
                        .path("transactions")
                        .get(0)
                        .asText())
                .isEqualTo(hash);
    }

    @Test
    @Timeout(30)
    void blocks_come_every_block_time_with_timestamps_from_the_clock() throws Exception {
        long genesisTime = clock.instant().getEpochSecond();
        clock.advance(Duration.ofSeconds(12));
        mine();
        assertThat(result("eth_getBlockByNumber", "0x0", false)
                        .path("timestamp")
                        .asText())
                .isEqualTo("0x" + Long.toHexString(genesisTime));
        assertThat(result("eth_getBlockByNumber", "0x1", false)
                        .path("timestamp")
                        .asText())
                .isEqualTo("0x" + Long.toHexString(genesisTime + 12));
        chain.close();

        chain = SimChain.start(SimChain.Settings.forChain(CHAIN_ID).withBlockTime(Duration.ofMillis(20)), clock);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> Numeric.decodeQuantity(result("eth_blockNumber").asText())
                                .intValue()
                        >= 3);
        long second = Numeric.decodeQuantity(result("eth_getBlockByNumber", "0x2", false)
                        .path("timestamp")
                        .asText())
                .longValueExact();
        long third = Numeric.decodeQuantity(result("eth_getBlockByNumber", "0x3", false)
                        .path("timestamp")
                        .asText())
                .longValueExact();
        assertThat(third).isGreaterThan(second);
    }

    @Test
    @Timeout(30)
    void a_collection_answers_reads_as_an_erc721_contract_and_an_unknown_token_reverts() throws Exception {
        String collection = result("sim_createCollection", "Gavel Lots").asText();
        mine();

        JsonNode unknown = error("eth_call", Map.of("to", collection, "data", "0x6352211e" + word(99)), "latest");

        assertThat(call(collection, "0x01ffc9a7" + "80ac58cd" + "0".repeat(56))).isEqualTo("0x" + word(1));
        assertThat(call(collection, "0x01ffc9a7" + "01ffc9a7" + "0".repeat(56))).isEqualTo("0x" + word(1));
        assertThat(call(collection, "0x01ffc9a7" + "ffffffff" + "0".repeat(56))).isEqualTo("0x" + word(0));
        assertThat(unknown.path("code").asInt()).isEqualTo(3);
        assertThat(unknown.path("data").asText()).isEqualTo(selector("ERC721NonexistentToken(uint256)") + word(99));
        assertThat(result("eth_getCode", collection, "latest").asText()).isNotEqualTo("0x");
        assertThat(result("eth_getCode", ALICE.getAddress(), "latest").asText()).isEqualTo("0x");
        assertThat(call(ALICE.getAddress(), "0x6352211e" + word(99))).isEqualTo("0x");
    }

    @Test
    @Timeout(30)
    void gas_prices_estimates_and_fee_history_are_well_formed() throws Exception {
        String collection = result("sim_createCollection", "Gavel Lots").asText();
        result("sim_mint", collection, ALICE.getAddress(), "0x1");
        result("sim_fund", ALICE.getAddress(), hex(ETH));
        mine();
        result("eth_sendRawTransaction", transfer(ALICE, 0, BOB.getAddress(), GWEI));
        mine();

        JsonNode history = result("eth_feeHistory", "0x2", "latest", List.of(50));

        assertThat(result("eth_gasPrice").asText()).isEqualTo(TWO_GWEI);
        assertThat(result("eth_maxPriorityFeePerGas").asText()).isEqualTo("0x3b9aca00");
        assertThat(result("eth_estimateGas", Map.of("from", ALICE.getAddress(), "to", BOB.getAddress(), "value", "0x1"))
                        .asText())
                .isEqualTo("0x5208");
        assertThat(result(
                                "eth_estimateGas",
                                Map.of(
                                        "from",
                                        ALICE.getAddress(),
                                        "to",
                                        collection,
                                        "data",
                                        "0x23b872dd" + word(ALICE.getAddress()) + word(BOB.getAddress()) + word(1)))
                        .asText())
                .isEqualTo("0xea60");
        assertThat(history.path("oldestBlock").asText()).isEqualTo("0x1");
        assertThat(history.path("baseFeePerGas")).hasSize(3);
        assertThat(history.path("gasUsedRatio")).hasSize(2);
        assertThat(history.path("reward")).hasSize(2);
        assertThat(history.path("reward").get(1).get(0).asText()).isEqualTo("0x3b9aca00");
    }

    @Test
    @Timeout(30)
    void the_demo_drives_the_simulator_through_its_java_methods() throws Exception {
        chain.fund(ALICE.getAddress(), ETH);
        String collection = chain.createCollection("Gavel Lots");
        String mint = chain.mint(collection, ALICE.getAddress(), BigInteger.TWO);
        long mined = chain.mineNow();
        chain.mineNow();

        chain.reorg(1);

        assertThat(mined).isEqualTo(1);
        assertThat(chain.blockNumber()).isEqualTo(2);
        assertThat(chain.url().toString()).startsWith("http://127.0.0.1:");
        assertThat(result("eth_getTransactionReceipt", mint).path("status").asText())
                .isEqualTo("0x1");
        assertThat(call(collection, "0x6352211e" + word(2))).isEqualTo("0x" + word(ALICE.getAddress()));
        assertThat(result("eth_getBalance", ALICE.getAddress(), "latest").asText())
                .isEqualTo(hex(ETH));
        assertThatThrownBy(() -> chain.mint(collection, BOB.getAddress(), BigInteger.TWO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already exists");
    }

    @Test
    @Timeout(30)
    void awaiting_a_mint_returns_once_its_block_is_mined_and_an_unknown_hash_is_not_awaited() throws Exception {
        String collection = chain.createCollection("Gavel Lots");
        String mint = chain.mint(collection, ALICE.getAddress(), BigInteger.TEN);
        var mined = new java.util.concurrent.CompletableFuture<Boolean>();
        Thread.ofVirtual().start(() -> {
            try {
                mined.complete(chain.awaitMined(mint, Duration.ofSeconds(20)));
            } catch (InterruptedException e) {
                mined.completeExceptionally(e);
            }
        });

        boolean beforeItsBlock = chain.awaitMined(mint, Duration.ofMillis(50));
        chain.mineNow();

        assertThat(beforeItsBlock).isFalse();
        assertThat(mined.get(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(chain.awaitMined(mint, Duration.ZERO)).isTrue();
        assertThat(call(collection, "0x6352211e" + word(10))).isEqualTo("0x" + word(ALICE.getAddress()));
        assertThat(chain.awaitMined("0x" + "ab".repeat(32), Duration.ofSeconds(20)))
                .isFalse();
    }

    // --- a JSON-RPC client in a few lines

    private JsonNode send(String body) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(chain.url())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private JsonNode rpc(String method, Object... params) throws IOException, InterruptedException {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("jsonrpc", "2.0");
        request.put("id", 7);
        request.put("method", method);
        request.put("params", Arrays.asList(params));
        JsonNode response = send(json.writeValueAsString(request));
        assertThat(response.path("jsonrpc").asText()).isEqualTo("2.0");
        assertThat(response.path("id").asInt()).isEqualTo(7);
        return response;
    }

    private JsonNode result(String method, Object... params) throws IOException, InterruptedException {
        JsonNode response = rpc(method, params);
        assertThat(response.has("error")).as("%s answered %s", method, response).isFalse();
        assertThat(response.has("result"))
                .as("%s answered %s", method, response)
                .isTrue();
        return response.get("result");
    }

    private JsonNode error(String method, Object... params) throws IOException, InterruptedException {
        JsonNode response = rpc(method, params);
        assertThat(response.has("error")).as("%s answered %s", method, response).isTrue();
        return response.get("error");
    }

    private void mine() throws IOException, InterruptedException {
        result("evm_mine");
    }

    private String call(String to, String data) throws IOException, InterruptedException {
        return result("eth_call", Map.of("to", to, "data", data), "latest").asText();
    }

    private String blockHash(String number) throws IOException, InterruptedException {
        return result("eth_getBlockByNumber", number, false).path("hash").asText();
    }

    private static Map<String, Object> filter(String address, Object... topics) {
        Map<String, Object> filter = new LinkedHashMap<>();
        filter.put("fromBlock", "earliest");
        filter.put("toBlock", "latest");
        filter.put("address", address);
        filter.put("topics", Arrays.asList(topics));
        return filter;
    }

    private static List<String> fieldNames(JsonNode node) {
        var names = new ArrayList<String>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    /** An EIP-1559 transfer, signed as a wallet signs it (the chain id travels inside the transaction). */
    private static String transfer(Credentials from, long nonce, String to, BigInteger value) {
        var tx = RawTransaction.createEtherTransaction(
                CHAIN_ID,
                BigInteger.valueOf(nonce),
                BigInteger.valueOf(21_000),
                to,
                value,
                GWEI,
                GWEI.multiply(BigInteger.valueOf(3)));
        return Numeric.toHexString(TransactionEncoder.signMessage(tx, from));
    }

    private static String contractCall(Credentials from, long nonce, String to, String data) {
        return contractCall(from, nonce, to, data, BigInteger.ZERO);
    }

    private static String contractCall(Credentials from, long nonce, String to, String data, BigInteger value) {
        var tx = RawTransaction.createTransaction(
                CHAIN_ID,
                BigInteger.valueOf(nonce),
                BigInteger.valueOf(100_000),
                to,
                value,
                data,
                GWEI,
                GWEI.multiply(BigInteger.valueOf(3)));
        return Numeric.toHexString(TransactionEncoder.signMessage(tx, from));
    }

    private static String hex(BigInteger value) {
        return "0x" + value.toString(16);
    }

    private static String word(long value) {
        return "%064x".formatted(value);
    }

    private static String word(String address) {
        return "0".repeat(24) + address.substring(2).toLowerCase(Locale.ROOT);
    }

    private static String selector(String signature) {
        return Hash.sha3String(signature).substring(0, 10);
    }
}
