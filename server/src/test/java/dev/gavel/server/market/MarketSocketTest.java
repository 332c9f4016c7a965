package dev.gavel.server.market;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gavel.core.Role;
import dev.gavel.core.time.MutableClock;
import dev.gavel.server.auth.Principal;
import dev.gavel.server.http.Json;
import dev.gavel.server.http.SocketClient;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Which sockets {@link MarketSocket} closes for their credentials, and when, without a server. */
class MarketSocketTest {
    private static final Instant T0 = Instant.parse("2026-12-03T12:00:00Z");

    /** A socket that records how it was closed. */
    private static final class Recorded implements SocketClient.Sender {
        final AtomicReference<String> closed = new AtomicReference<>();

        @Override
        public void send(String text, Runnable written, Consumer<Throwable> failed) {
            written.run();
        }

        @Override
        public void close(int code, String reason) {
            closed.set(code + " " + reason);
        }
    }

    private final MutableClock clock = MutableClock.at(T0);
    private final Set<UUID> revokedKeys = new HashSet<>();
    private Function<Set<UUID>, Set<UUID>> liveKeys = keys -> {
        var live = new HashSet<>(keys);
        live.removeAll(revokedKeys);
        return live;
    };
    private final MarketSocket sockets = new MarketSocket(Json.mapper(), null, keys -> liveKeys.apply(keys), clock);

    private Recorded watch(String id, Optional<Principal> principal) {
        var sender = new Recorded();
        sockets.watch(id, new SocketClient(sender, 8), principal);
        return sender;
    }

    private static Principal key(UUID userId, UUID keyId) {
        return new Principal(
                userId,
                "bot@example.com",
                Set.of(Role.VIEWER),
                Principal.Via.API_KEY,
                Optional.empty(),
                Optional.of(keyId));
    }

    private static Principal token(UUID userId, Instant expires) {
        return new Principal(
                userId,
                "ash@example.com",
                Set.of(Role.VIEWER),
                Principal.Via.TOKEN,
                Optional.of(expires),
                Optional.empty());
    }

    @Test
    void a_revoked_key_closes_its_sockets_at_once_and_only_them() {
        var user = UUID.randomUUID();
        var revoked = UUID.randomUUID();
        var other = UUID.randomUUID();
        var first = watch("a", Optional.of(key(user, revoked)));
        var second = watch("b", Optional.of(key(user, revoked)));
        var otherKey = watch("c", Optional.of(key(user, other)));
        var tokenSocket = watch("d", Optional.of(token(user, T0.plusSeconds(3600))));
        var anonymous = watch("e", Optional.empty());

        sockets.revoked(revoked);

        assertThat(first.closed).hasValue("1008 " + MarketSocket.REVOKED);
        assertThat(second.closed).hasValue("1008 " + MarketSocket.REVOKED);
        for (var untouched : List.of(otherKey, tokenSocket, anonymous)) {
            assertThat(untouched.closed).hasValue(null);
        }
        assertThat(sockets.watching(user)).isTrue();
    }

    @Test
    void the_sweep_closes_keys_that_no_longer_authenticate_and_tokens_that_expired() {
        var user = UUID.randomUUID();
        var goneKey = UUID.randomUUID();
        var liveKey = UUID.randomUUID();
        var gone = watch("a", Optional.of(key(user, goneKey)));
        var live = watch("b", Optional.of(key(user, liveKey)));
        var expiring = watch("c", Optional.of(token(user, T0.plusSeconds(10))));
        var lasting = watch("d", Optional.of(token(user, T0.plusSeconds(3600))));

        assertThat(sockets.sweep()).isZero();
        revokedKeys.add(goneKey); // revoked on another node, or its user disabled
        clock.advance(Duration.ofSeconds(10));

        assertThat(sockets.sweep()).isEqualTo(2);
        assertThat(gone.closed).hasValue("1008 " + MarketSocket.REVOKED);
        assertThat(expiring.closed).hasValue("1008 " + MarketSocket.EXPIRED);
        assertThat(live.closed).hasValue(null);
        assertThat(lasting.closed).hasValue(null);
        assertThat(sockets.sweep()).isZero();
    }

    @Test
    void a_socket_that_connects_while_the_keys_are_checked_is_left_for_the_next_sweep() {
        var user = UUID.randomUUID();
        var checkedKey = UUID.randomUUID();
        var newKey = UUID.randomUUID();
        watch("a", Optional.of(key(user, checkedKey)));
        var late = new AtomicReference<Recorded>();
        liveKeys = keys -> {
            // a socket with a key of its own connects while PostgreSQL answers for the others
            late.set(watch("late", Optional.of(key(user, newKey))));
            return Set.copyOf(keys);
        };

        assertThat(sockets.sweep()).isZero();

        assertThat(late.get().closed).hasValue(null);
    }

    @Test
    void no_socket_with_a_key_asks_nothing() {
        watch("a", Optional.of(token(UUID.randomUUID(), T0.plusSeconds(60))));
        watch("b", Optional.empty());
        liveKeys = keys -> {
            throw new AssertionError("asked about " + keys);
        };

        assertThat(sockets.sweep()).isZero();
    }
}
