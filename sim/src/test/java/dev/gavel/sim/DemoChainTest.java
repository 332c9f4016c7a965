package dev.gavel.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's chain as Gavel meets it: whatever the demo hands out or restores is readable at {@code latest} the
 * moment it is handed out, because Gavel asks {@code ownerOf} as soon as an auction names the token.
 */
class DemoChainTest {
    private static final long CHAIN_ID = 360;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path home;

    private DemoChain demo;

    @AfterEach
    void stop() {
        if (demo != null) {
            demo.close();
        }
        http.close();
    }

    @Test
    @Timeout(30)
    void a_minted_artwork_is_owned_by_the_escrow_at_latest_when_it_is_handed_out() throws Exception {
        demo = start();

        var artwork = demo.mintArtwork();

        assertThat(ownerOf(demo, artwork)).isEqualTo(addressWord(demo.escrow()));
    }

    @Test
    @Timeout(60)
    void a_restarted_demo_chain_holds_the_artworks_of_unfinished_auctions_when_it_has_started() throws Exception {
        demo = start();
        var sold = demo.mintArtwork();
        var live = demo.mintArtwork();
        demo.reconcile(auctions(List.of(auction("a1", "COMPLETED", sold), auction("a2", "ACTIVE", live))));
        demo.close();

        demo = start();

        assertThat(ownerOf(demo, live)).isEqualTo(addressWord(demo.escrow()));
        assertThat(call(demo, sold).path("error").path("code").asInt())
                .as("the sold token is not minted to the escrow again")
                .isEqualTo(3);
        assertThat(Files.readAllLines(home.resolve(DemoChain.ARTWORKS_FILE)))
                .containsExactly(live.get("tokenId").toString());
    }

    @Test
    @Timeout(30)
    void an_unfinished_auctions_artwork_the_chain_lacks_is_minted_once_by_reconcile() throws Exception {
        demo = start();
        Map<String, Object> planned = Map.of("contract", demo.mintArtwork().get("contract"), "tokenId", "77");
        var listed = auctions(List.of(auction("a1", "PENDING", planned)));

        int first = demo.reconcile(listed);
        int again = demo.reconcile(listed);

        assertThat(first).isEqualTo(1);
        assertThat(again).isZero();
        assertThat(ownerOf(demo, planned)).isEqualTo(addressWord(demo.escrow()));
    }

    private DemoChain start() throws IOException {
        return DemoChain.start(home, CHAIN_ID, Duration.ofSeconds(1), Clock.systemUTC());
    }

    private static Map<String, Object> auction(String id, String status, Map<String, Object> artwork) {
        return Map.of("id", id, "status", status, "artwork", artwork);
    }

    private static JsonNode auctions(List<Map<String, Object>> auctions) {
        return JSON.valueToTree(auctions);
    }

    private String ownerOf(DemoChain chain, Map<String, Object> artwork) throws Exception {
        JsonNode answer = call(chain, artwork);
        assertThat(answer.has("error")).as("ownerOf answered %s", answer).isFalse();
        return answer.path("result").asText();
    }

    /** {@code ownerOf(tokenId)} at {@code latest}, as Gavel's custody check asks it. */
    private JsonNode call(DemoChain chain, Map<String, Object> artwork) throws Exception {
        String data = "0x6352211e" + word(new BigInteger(artwork.get("tokenId").toString()));
        var request = Map.of(
                "jsonrpc",
                "2.0",
                "id",
                1,
                "method",
                "eth_call",
                "params",
                List.of(Map.of("to", artwork.get("contract"), "data", data), "latest"));
        var response = http.send(
                HttpRequest.newBuilder(URI.create(chain.url().toString()))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    private static String word(BigInteger value) {
        return String.format("%64s", value.toString(16)).replace(' ', '0');
    }

    private static String addressWord(String address) {
        return "0x" + "0".repeat(24) + address.substring(2);
    }
}
