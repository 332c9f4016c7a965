package dev.gavel.stream.scene;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The scenes Gavel ships: {@value #AUCTION} (the live auction: artwork, title, current bid, countdown, bid
 * ticker, host caption) and {@value #STANDBY} ("we'll be right back"), always there even when nothing was
 * uploaded. An uploaded scene of the same id replaces one.
 */
public final class DefaultScenes {
    public static final String AUCTION = "auction";
    public static final String STANDBY = "standby";

    private DefaultScenes() {}

    /** The JSON of every shipped scene, by id. */
    public static Map<String, String> json() {
        return Map.of(AUCTION, resource("auction.json"), STANDBY, resource("standby.json"));
    }

    /** A shipped scene, read (they are valid: a test reads them). */
    public static Scene get(String id) {
        String json = json().get(id);
        if (json == null) {
            throw new IllegalArgumentException("no shipped scene " + id);
        }
        return switch (new SceneReader().read(json)) {
            case SceneReader.Result.Read r -> r.scene();
            case SceneReader.Result.Invalid bad ->
                throw new IllegalStateException("shipped scene " + id + " is invalid: " + bad.problems());
        };
    }

    private static String resource(String name) {
        try (InputStream in = DefaultScenes.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
