package dev.gavel.chain.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.gavel.chain.Receipt;
import dev.gavel.testkit.evm.LocalEvmNode;
import dev.gavel.testkit.evm.WithEvmNode;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The JSON-RPC client against a real ganache node, and failover past dead and garbage-speaking providers. */
@WithEvmNode
@Timeout(60)
class ChainRpcIT {
    private final LocalEvmNode node;
    private final List<HttpServer> servers = new ArrayList<>();

    ChainRpcIT(LocalEvmNode node) {
        this.node = node;
    }

    @AfterEach
    void stop_fake_providers() {
        servers.forEach(s -> s.stop(0));
    }

    private EthClient client(URI... urls) {
        var rpc = new ChainRpc(
                new ChainRpc.Settings(List.of(urls), Duration.ofSeconds(3), Duration.ofSeconds(30)), Clock.systemUTC());
        return new EthClient(rpc, Clock.systemUTC(), Duration.ZERO);
    }

    /** A provider that answers every call with {@code body} and {@code status}. */
    private URI answering(int status, String body) throws IOException {
        var server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        servers.add(server);
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v2/secret-api-key");
    }

    private static URI dead() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
    }

    @Test
    void reads_blocks_transactions_and_receipts_from_a_real_node() {
        var eth = client(node.url());
        var from = node.newFundedAccount(BigInteger.TEN.pow(18));
        String to = node.account(3).getAddress();
        String hash = node.sendEth(from, to, BigInteger.valueOf(12345));

        assertThat(eth.chainId()).isEqualTo(LocalEvmNode.CHAIN_ID);
        Receipt receipt = eth.receipt(hash).orElseThrow();
        assertThat(receipt.succeeded()).isTrue();
        assertThat(receipt.from()).isEqualTo(from.getAddress().toLowerCase());
        assertThat(receipt.confirmations(eth.blockNumber())).isEqualTo(1);
        var tx = eth.transaction(hash).orElseThrow();
        assertThat(tx.value()).isEqualTo(BigInteger.valueOf(12345));
        assertThat(tx.to()).contains(to.toLowerCase());
        var block = eth.block(receipt.blockNumber(), true).orElseThrow();
        assertThat(block.hash()).isEqualTo(receipt.blockHash());
        assertThat(block.transactions()).extracting(t -> t.hash()).contains(hash);
        assertThat(block.baseFeePerGas()).isPresent();
        assertThat(eth.block(eth.blockNumber() + 1000, false)).isEmpty();
        assertThat(eth.receipt("0x" + "ab".repeat(32))).isEmpty();
    }

    @Test
    void a_dead_first_provider_fails_over_to_the_next_and_is_marked_down() throws IOException {
        var eth = client(dead(), node.url());

        assertThat(eth.blockNumber()).isEqualTo(node.blockNumber());

        var health = eth.rpc().health();
        assertThat(health.get(0).up()).isFalse();
        assertThat(health.get(0).lastError()).isPresent();
        assertThat(health.get(1).up()).isTrue();
        assertThat(health.get(1).lastLatency()).isPresent();
    }

    @Test
    void a_provider_answering_garbage_is_marked_unhealthy_and_nothing_crashes() throws IOException {
        URI html = answering(200, "<html>502 Bad Gateway</html>");
        URI wrongShape = answering(200, "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"0xnot-a-number\"}");
        var eth = client(html, wrongShape, node.url());

        assertThat(eth.blockNumber()).isEqualTo(node.blockNumber());

        var health = eth.rpc().health();
        assertThat(health.get(0).up()).isFalse();
        assertThat(health.get(0).lastError().orElseThrow()).contains("not JSON");
        assertThat(health.get(1).up()).isFalse();
        assertThat(health.get(1).lastError().orElseThrow()).contains("cannot use");
        assertThat(health.get(2).up()).isTrue();
        // the name shows host and port only: the path often holds an API key
        assertThat(health.get(0).name()).doesNotContain("secret");
    }

    @Test
    void when_every_provider_fails_the_call_says_why_for_each() throws IOException {
        var eth = client(dead(), answering(503, "busy"));

        assertThatThrownBy(eth::blockNumber)
                .isInstanceOf(ChainUnavailable.class)
                .hasMessageContaining("no chain provider answered eth_blockNumber")
                .hasMessageContaining("HTTP 503");
    }

    @Test
    void a_node_refusing_a_call_is_an_answer_not_a_failover() throws IOException {
        var eth = client(node.url(), node.url());

        assertThatThrownBy(() -> eth.sendRawTransaction("0x1234"))
                .isInstanceOf(RpcError.class)
                .satisfies(e -> assertThat(((RpcError) e).code()).isNotZero());
        assertThat(eth.rpc().health()).allSatisfy(h -> assertThat(h.up()).isTrue());
        assertThat(eth.rpc().health().get(1).calls()).isZero();
    }

    @Test
    void a_down_provider_is_tried_again_once_it_answers() throws IOException {
        URI flaky = answering(500, "oops");
        var eth = client(flaky, node.url());
        eth.blockNumber();
        assertThat(eth.rpc().health().get(0).up()).isFalse();

        // all providers are tried, down ones last, so with only the node answering calls keep working
        assertThat(eth.logs(0, 0, List.of(node.account(0).getAddress()), Optional.empty()))
                .isEmpty();
        assertThat(eth.rpc().health().get(1).up()).isTrue();
    }
}
