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
        var broken = new java.util.concurrent.atomic.AtomicBoolean(true);
        URI flaky = serving(exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] bytes = (broken.get() ? "oops" : "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"0x2a\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(broken.get() ? 500 : 200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        var eth = client(Duration.ofSeconds(3), Duration.ofMillis(200), flaky, node.url());
        assertThat(eth.blockNumber()).isEqualTo(node.blockNumber()); // from the node
        assertThat(eth.rpc().health().get(0).up()).isFalse();

        // all providers are tried, down ones last, so with only the node answering calls keep working
        assertThat(eth.logs(0, 0, List.of(node.account(0).getAddress()), Optional.empty()))
                .isEmpty();
        assertThat(eth.rpc().health().get(1).up()).isTrue();

        // once its down time is over it is first again, and answers
        broken.set(false);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> eth.blockNumber() == 42);
        assertThat(eth.rpc().health().get(0).up()).isTrue();
    }

    /** A provider whose handler writes the answer itself. */
    private URI serving(com.sun.net.httpserver.HttpHandler handler) throws IOException {
        var server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", handler);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        servers.add(server);
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    private EthClient client(Duration timeout, Duration downFor, URI... urls) {
        var rpc = new ChainRpc(new ChainRpc.Settings(List.of(urls), timeout, downFor), Clock.systemUTC());
        return new EthClient(rpc, Clock.systemUTC(), Duration.ZERO);
    }

    @Test
    void a_provider_that_sends_its_answer_slower_than_the_timeout_is_failed_over_and_passed_over_after()
            throws IOException {
        URI dripping = serving(exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, 0);
            var out = exchange.getResponseBody();
            try {
                for (char c : "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"0x1\"}".toCharArray()) {
                    out.write(c);
                    out.flush();
                    Thread.sleep(300);
                }
            } catch (InterruptedException | IOException e) {
                // the client hung up
            } finally {
                exchange.close();
            }
        });
        var eth = client(Duration.ofMillis(800), Duration.ofSeconds(30), dripping, node.url());

        long t0 = System.nanoTime();
        assertThat(eth.blockNumber()).isEqualTo(node.blockNumber());
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
        assertThat(eth.rpc().health().get(0).up()).isFalse();
        assertThat(eth.rpc().health().get(0).lastError()).contains("timed out");
        // passed over from the moment it failed: the next calls go straight to the node
        long calls = eth.rpc().health().get(0).calls();
        eth.blockNumber();
        eth.blockNumber();
        assertThat(eth.rpc().health().get(0).calls()).isEqualTo(calls);
    }

    @Test
    void an_answer_too_big_to_be_one_is_cut_off_and_failed_over() throws IOException {
        URI flood = serving(exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, 0);
            var out = exchange.getResponseBody();
            byte[] chunk = new byte[1 << 16];
            java.util.Arrays.fill(chunk, (byte) ' ');
            try {
                for (int i = 0; i < 1024; i++) { // 64 MiB of blanks
                    out.write(chunk);
                }
            } catch (IOException e) {
                // the client hung up, as it should
            } finally {
                exchange.close();
            }
        });
        var eth = client(Duration.ofSeconds(10), Duration.ofSeconds(30), flood, node.url());

        assertThat(eth.blockNumber()).isEqualTo(node.blockNumber());
        assertThat(eth.rpc().health().get(0).lastError().orElseThrow()).contains("more than");
    }

    @Test
    void a_rate_limit_is_the_providers_trouble_and_fails_over_whatever_its_status() throws IOException {
        String limited =
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32005,\"message\":\"daily request count exceeded, request rate limited\"}}";
        var eth = client(answering(429, limited), answering(200, limited), node.url());

        assertThat(eth.blockNumber()).isEqualTo(node.blockNumber());

        var health = eth.rpc().health();
        assertThat(health.get(0).up()).isFalse();
        assertThat(health.get(0).lastError().orElseThrow()).contains("HTTP 429");
        assertThat(health.get(1).up()).isFalse();
        assertThat(health.get(1).lastError().orElseThrow()).contains("rate limited");
        assertThat(health.get(2).up()).isTrue();
    }

    @Test
    void a_quantity_with_a_sign_or_foreign_digits_is_garbage() throws IOException {
        var eth = client(
                answering(200, "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"0x-5\"}"),
                answering(200, "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"0x\uFF21\"}"),
                node.url());

        assertThat(eth.blockNumber()).isEqualTo(node.blockNumber());
        assertThat(eth.rpc().health().get(0).up()).isFalse();
        assertThat(eth.rpc().health().get(1).up()).isFalse();
    }
}
