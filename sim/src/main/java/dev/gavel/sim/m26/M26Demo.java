package dev.gavel.sim.m26;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.sim.GavelClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The demo's market watch, set up the way an operator would: two accounts capture their traffic with the
 * simulator, the captures are imported through {@code POST /api/market/auth/har}, and a few watches are
 * created through {@code POST /api/market/watches} unless they exist already.
 */
public final class M26Demo {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The watches the demo keeps: query and interval in seconds. */
    public static final List<Map<String, Object>> WATCHES = List.of(
            Map.of(
                    "source",
                    "m26",
                    "query",
                    Map.of("team", "DAL", "pageSize", "20", "pages", "2"),
                    "intervalSeconds",
                    5),
            Map.of("source", "m26", "query", Map.of("team", "KC", "pageSize", "20"), "intervalSeconds", 5),
            Map.of(
                    "source",
                    "m26",
                    "query",
                    Map.of("program", "Team Diamonds", "pageSize", "20"),
                    "intervalSeconds",
                    10));

    private M26Demo() {}

    /** Imports fresh captures of {@code accounts} and makes sure the demo watches exist; returns how many it created. */
    public static int setUp(M26Simulator sim, GavelClient gavel, String adminToken, List<String> accounts) {
        ObjectNode har = null;
        for (String account : accounts) {
            sim.addAccount(account);
            ObjectNode one = read(sim.har(account));
            if (har == null) {
                har = one;
            } else {
                ((ArrayNode) har.path("log").path("entries"))
                        .addAll((ArrayNode) one.path("log").path("entries"));
            }
        }
        var imported = gavel.post("api/market/auth/har?name=demo-capture.har", har, adminToken, Map.of());
        if (!imported.ok()) {
            throw new IllegalStateException("the demo capture was refused: " + imported.json());
        }
        var existing = gavel.get("api/market/watches", adminToken);
        int created = 0;
        for (Map<String, Object> watch : WATCHES) {
            if (!exists(existing.json(), watch)) {
                var reply = gavel.post("api/market/watches", watch, adminToken, Map.of());
                if (!reply.ok()) {
                    throw new IllegalStateException("the demo watch " + watch + " was refused: " + reply.json());
                }
                created++;
            }
        }
        return created;
    }

    private static boolean exists(JsonNode list, Map<String, Object> watch) {
        JsonNode query = JSON.valueToTree(watch.get("query"));
        for (JsonNode w : list.path("items")) {
            if (w.path("active").asBoolean()
                    && w.path("source").asText().equals(watch.get("source"))
                    && w.path("query").equals(query)) {
                return true;
            }
        }
        return false;
    }

    private static ObjectNode read(String text) {
        try {
            return (ObjectNode) JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
