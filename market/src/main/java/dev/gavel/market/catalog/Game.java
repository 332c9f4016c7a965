package dev.gavel.market.catalog;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The games the catalog knows; {@link #id()} is the API's {@code game} value. */
public enum Game {
    POKEMON("pokemon"),
    ONEPIECE("onepiece"),
    M26("m26");

    private final String id;

    Game(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<Game> find(String id) {
        return Arrays.stream(values())
                .filter(g -> g.id.equals(id.toLowerCase(Locale.ROOT)))
                .findFirst();
    }
}
