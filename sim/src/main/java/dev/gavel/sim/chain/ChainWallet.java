package dev.gavel.sim.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.utils.Numeric;

/**
 * A simulated bidder's wallet: signs EIP-1559 ETH transfers with its key and sends them over JSON-RPC to
 * any node (the demo's {@link SimChain}, or a real local node). Thread-safe.
 */
public final class ChainWallet {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI rpc;
    private final long chainId;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public ChainWallet(URI rpc, long chainId) {
        this.rpc = rpc;
        this.chainId = chainId;
    }

    /** Sends {@code wei} from {@code from} to {@code to}; returns the transaction hash. */
    public synchronized String send(Credentials from, String to, BigInteger wei) {
        long nonce = Long.decode(call("eth_getTransactionCount", List.of(from.getAddress(), "pending"))
                .asText());
        BigInteger tip = BigInteger.TEN.pow(9);
        BigInteger base = new BigInteger(
                call("eth_getBlockByNumber", List.of("latest", false))
                        .path("baseFeePerGas")
                        .asText("0x3b9aca00")
                        .substring(2),
                16);
        var raw = RawTransaction.createEtherTransaction(
                chainId,
                BigInteger.valueOf(nonce),
                BigInteger.valueOf(21_000),
                to,
                wei,
                tip,
                base.shiftLeft(1).add(tip));
        String signed = Numeric.toHexString(TransactionEncoder.signMessage(raw, from));
        return call("eth_sendRawTransaction", List.of(signed)).asText();
    }

    private JsonNode call(String method, List<?> params) {
        try {
            String body =
                    JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", 1, "method", method, "params", params));
            var response = http.send(
                    HttpRequest.newBuilder(rpc)
                            .timeout(Duration.ofSeconds(10))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode answer = JSON.readTree(response.body());
            if (answer.has("error")) {
                throw new IllegalStateException(method + " refused: "
                        + answer.path("error").path("message").asText());
            }
            return answer.path("result");
        } catch (IOException e) {
            throw new IllegalStateException(method + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " interrupted", e);
        }
    }
}
