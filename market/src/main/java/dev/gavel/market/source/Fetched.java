package dev.gavel.market.source;

import dev.gavel.market.strategy.PageOutcome;
import java.util.Objects;
import java.util.function.Function;

/**
 * What one call to a catalog or price source came to: the value read, or why there is none (any {@link
 * PageOutcome} but a page: unavailable, a source error, malformed, drift). Sources never throw for a
 * failed call; they answer {@link Failed}.
 */
public sealed interface Fetched<T> {
    record Ok<T>(T value) implements Fetched<T> {
        public Ok {
            Objects.requireNonNull(value, "value");
        }
    }

    record Failed<T>(PageOutcome why) implements Fetched<T> {
        public Failed {
            Objects.requireNonNull(why, "why");
            if (why instanceof PageOutcome.Page) {
                throw new IllegalArgumentException("a page is not a failure");
            }
        }

        /** The same failure, as a fetch of another type. */
        public <U> Failed<U> as() {
            return new Failed<>(why);
        }
    }

    default <U> Fetched<U> map(Function<T, U> f) {
        return switch (this) {
            case Ok<T> ok -> new Ok<>(f.apply(ok.value()));
            case Failed<T> failed -> failed.as();
        };
    }
}
