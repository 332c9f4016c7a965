package dev.gavel.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gavel.core.Role;
import dev.gavel.core.Secret;
import dev.gavel.core.time.MutableClock;
import dev.gavel.server.auth.Authenticator.SocketCaller;
import dev.gavel.store.users.User;
import dev.gavel.store.users.UserStore;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Who opened a WebSocket, by login token. API keys take a database to look up; the end-to-end socket tests
 * (AlertSocketIT) cover them.
 */
class AuthenticatorTest {
    private final MutableClock clock = MutableClock.at(Instant.parse("2026-11-21T12:00:00Z"));
    private final Tokens tokens =
            new Tokens(Keys.derive(Secret.of("b".repeat(40)), "jwt-hs256-v1"), Duration.ofHours(1), clock);
    // no key in these tests is well formed, so none is ever looked up
    private final Authenticator authenticator = new Authenticator(tokens, new ApiKeys(new UserStore(null), clock));
    private final User ada = user(EnumSet.of(Role.BIDDER));

    private User user(EnumSet<Role> roles) {
        return new User(UUID.randomUUID(), "ada@example.com", "h", roles, clock.instant(), Optional.empty());
    }

    @Test
    void a_socket_without_credentials_is_anonymous() {
        assertThat(authenticator.socketCaller(null, null, null)).isEqualTo(new SocketCaller.Anonymous());
        assertThat(authenticator.socketCaller(" ", "", null)).isEqualTo(new SocketCaller.Anonymous());
    }

    @Test
    void a_login_token_in_the_query_or_the_header_names_its_user_until_it_expires() {
        var issued = tokens.issue(ada);

        var byQuery = authenticator.socketCaller(issued.token(), null, null);
        var byHeader = authenticator.socketCaller(null, "Bearer " + issued.token(), null);

        assertThat(byQuery).isInstanceOf(SocketCaller.Known.class);
        var principal = ((SocketCaller.Known) byQuery).principal();
        assertThat(principal.userId()).isEqualTo(ada.id());
        assertThat(principal.expiresAt()).contains(issued.expiresAt());
        assertThat(byHeader).isEqualTo(byQuery);
    }

    @Test
    void bad_credentials_are_refused_with_a_reason_instead_of_passing_as_anonymous() {
        var issued = tokens.issue(ada);

        assertThat(authenticator.socketCaller("not-a-token", null, null))
                .isEqualTo(new SocketCaller.Refused("the login token is invalid or has expired; log in again"));
        assertThat(authenticator.socketCaller("gvl_short", null, null))
                .isEqualTo(new SocketCaller.Refused("the API key is not valid"));
        assertThat(authenticator.socketCaller(null, "Basic YTpi", null))
                .isEqualTo(new SocketCaller.Refused("the Authorization header must be 'Bearer <token>'"));
        assertThat(authenticator.socketCaller(null, null, "gvl_short"))
                .isEqualTo(new SocketCaller.Refused("the API key is not valid"));
        // the query parameter comes first: a bad one is refused even beside a good header
        assertThat(authenticator.socketCaller("not-a-token", "Bearer " + issued.token(), null))
                .isInstanceOf(SocketCaller.Refused.class);

        clock.advance(Duration.ofHours(1));
        assertThat(authenticator.socketCaller(issued.token(), null, null)).isInstanceOf(SocketCaller.Refused.class);
    }

    @Test
    void a_user_without_a_role_that_sees_alerts_is_refused() {
        var nobody = tokens.issue(user(EnumSet.noneOf(Role.class)));

        var caller = authenticator.socketCaller(nobody.token(), null, null);

        assertThat(caller).isEqualTo(new SocketCaller.Refused("this needs the VIEWER role; you have []"));
    }

    @Test
    void every_refusal_fits_in_a_close_frame() {
        // a close frame's reason is at most 123 bytes of UTF-8
        for (var caller : new SocketCaller[] {
            authenticator.socketCaller("x", null, null),
            authenticator.socketCaller("gvl_x", null, null),
            authenticator.socketCaller(null, "Token x", null),
            authenticator.socketCaller(
                    tokens.issue(user(EnumSet.noneOf(Role.class))).token(), null, null)
        }) {
            assertThat(((SocketCaller.Refused) caller).reason().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .hasSizeLessThanOrEqualTo(123);
        }
    }
}
