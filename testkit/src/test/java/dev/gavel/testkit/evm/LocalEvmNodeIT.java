package dev.gavel.testkit.evm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.web3j.crypto.Credentials;

@WithEvmNode
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LocalEvmNodeIT {
    private static final BigInteger ONE_ETH = BigInteger.TEN.pow(18);
    private static final String TRANSFER = Abi.eventTopic("Transfer(address,address,uint256)");

    private final LocalEvmNode node;

    LocalEvmNodeIT(LocalEvmNode node) {
        this.node = node;
    }

    @Test
    void account_0_is_ganaches_first_deterministic_account_with_ether() {
        assertThat(node.chainId()).isEqualTo(1337);
        assertThat(node.rpc("eth_chainId").asText()).isEqualTo("0x539");
        assertThat(node.account(0).getAddress()).isEqualTo("0x90f8bf6a479f320ead074411a4b0e7944ea8c9c1");
        assertThat(node.account(1).getAddress()).isEqualTo("0xffcf8fdee72ac11b5c542428b35eef5769c409f0");
        assertThat(node.balance(node.account(0).getAddress())).isGreaterThan(ONE_ETH.multiply(BigInteger.TEN));
    }

    @Test
    void sent_ether_arrives_in_a_block_of_its_own_with_status_1() {
        Credentials sender = node.newFundedAccount(ONE_ETH);
        Credentials recipient = node.newFundedAccount(BigInteger.ZERO);
        BigInteger value = BigInteger.valueOf(123_456_789L);
        long before = node.blockNumber();

        String hash = node.sendEth(sender, recipient.getAddress(), value);

        JsonNode receipt = node.receipt(hash);
        assertThat(receipt.path("status").asText()).isEqualTo("0x1");
        assertThat(receipt.path("from").asText()).isEqualTo(sender.getAddress());
        assertThat(node.blockNumber()).isEqualTo(before + 1);
        assertThat(node.balance(recipient.getAddress())).isEqualTo(value);
        assertThat(node.balance(sender.getAddress())).isLessThan(ONE_ETH.subtract(value));
    }

    @Test
    void a_minted_nft_belongs_to_its_owner_and_its_transfer_log_has_four_topics() {
        String owner = node.account(1).getAddress();
        String nft = node.deploy(node.account(0), "GavelTestNft", "");

        String mint = node.transact(node.account(0), nft, Abi.encode("mint(address,uint256)", owner, 7), null);

        JsonNode receipt = node.receipt(mint);
        assertThat(receipt.path("status").asText()).isEqualTo("0x1");
        JsonNode log = receipt.path("logs").get(0);
        assertThat(log.path("address").asText()).isEqualTo(nft);
        assertThat(log.path("topics")).hasSize(4);
        assertThat(log.path("topics").get(0).asText()).isEqualTo(TRANSFER);
        assertThat(Abi.asUint(log.path("topics").get(1).asText())).isZero();
        assertThat(Abi.asAddress(log.path("topics").get(2).asText())).isEqualTo(owner);
        assertThat(Abi.asUint(log.path("topics").get(3).asText())).isEqualTo(7);
        assertThat(Abi.asAddress(node.call(nft, Abi.encode("ownerOf(uint256)", 7))))
                .isEqualTo(owner);
        String erc721 = Abi.selector("supportsInterface(bytes4)") + "80ac58cd" + "0".repeat(56);
        assertThat(Abi.asUint(node.call(nft, erc721))).isEqualTo(1);
    }

    @Test
    void only_the_owner_or_an_approved_address_moves_an_nft() {
        Credentials owner = node.account(1);
        Credentials approved = node.account(2);
        Credentials stranger = node.account(3);
        String nft = node.deploy(node.account(0), "GavelTestNft", "");
        node.transact(node.account(0), nft, Abi.encode("mint(address,uint256)", owner.getAddress(), 7), null);
        String take = Abi.encode("transferFrom(address,address,uint256)", owner.getAddress(), stranger.getAddress(), 7);

        String stolen = node.transact(stranger, nft, take, null);
        String approval = node.transact(
                owner, nft, Abi.encode("approve(address,uint256)", approved.getAddress(), 7), BigInteger.ZERO);
        String moved = node.transact(
                approved,
                nft,
                Abi.encode("transferFrom(address,address,uint256)", owner.getAddress(), approved.getAddress(), 7),
                null);

        assertThat(node.receipt(stolen).path("status").asText()).isEqualTo("0x0");
        assertThat(node.receipt(approval).path("logs").get(0).path("topics")).hasSize(4);
        assertThat(node.receipt(moved).path("status").asText()).isEqualTo("0x1");
        assertThat(Abi.asAddress(node.call(nft, Abi.encode("ownerOf(uint256)", 7))))
                .isEqualTo(approved.getAddress());
        assertThat(Abi.asAddress(node.call(nft, Abi.encode("getApproved(uint256)", 7))))
                .isEqualTo("0x0000000000000000000000000000000000000000");
    }

    @Test
    void a_token_transfer_log_has_three_topics_and_an_overdraft_reverts() {
        Credentials holder = node.account(1);
        String recipient = node.account(2).getAddress();
        String token = node.deploy(node.account(0), "GavelTestToken", "");
        node.transact(node.account(0), token, Abi.encode("mint(address,uint256)", holder.getAddress(), ONE_ETH), null);

        String transfer = node.transact(holder, token, Abi.encode("transfer(address,uint256)", recipient, 250L), null);
        String overdraft = node.transact(
                holder, token, Abi.encode("transfer(address,uint256)", recipient, ONE_ETH.add(BigInteger.ONE)), null);

        JsonNode log = node.receipt(transfer).path("logs").get(0);
        assertThat(log.path("topics")).hasSize(3);
        assertThat(log.path("topics").get(0).asText()).isEqualTo(TRANSFER);
        assertThat(Abi.asUint(log.path("data").asText())).isEqualTo(250);
        assertThat(node.receipt(overdraft).path("status").asText()).isEqualTo("0x0");
        assertThat(Abi.asUint(node.call(token, Abi.encode("balanceOf(address)", recipient))))
                .isEqualTo(250);
        assertThat(Abi.asUint(node.call(token, Abi.encode("decimals()")))).isEqualTo(18);
    }

    @Test
    void ether_sent_to_a_contract_that_refuses_it_is_mined_with_status_0() {
        String receiver = node.deploy(node.account(0), "RejectingReceiver", "");

        String hash = node.sendEth(node.account(0), receiver, ONE_ETH);

        assertThat(node.receipt(hash).path("status").asText()).isEqualTo("0x0");
        assertThat(node.balance(receiver)).isZero();
    }

    @Test
    void reverting_to_a_snapshot_forgets_what_was_mined_after_it() {
        long before = node.blockNumber();
        String snapshot = node.snapshot();
        String hash = node.sendEth(node.account(0), node.account(4).getAddress(), BigInteger.ONE);
        assertThat(node.findReceipt(hash)).isPresent();

        assertThat(node.revert(snapshot)).isTrue();

        assertThat(node.findReceipt(hash)).isEmpty();
        assertThat(node.blockNumber()).isEqualTo(before);
    }

    @Test
    void mining_three_blocks_raises_the_block_number_by_three() {
        long before = node.blockNumber();

        node.mine(3);

        assertThat(node.blockNumber()).isEqualTo(before + 3);
    }
}
