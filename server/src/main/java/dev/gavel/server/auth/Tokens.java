package dev.gavel.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gavel.core.Role;
import dev.gavel.store.users.User;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Login tokens: JWTs signed with HS256, carrying the user id, e-mail and roles, valid for a configured
 * time. Verification checks the algorithm, the signature, the issuer and the expiry against the injected
 * clock. Thread-safe.
 */
public final class Tokens {
    private static final String ISSUER = "gavel";

    private final MACSigner signer;
    private final MACVerifier verifier;
    private final Duration ttl;
    private final Clock clock;

    public Tokens(byte[] key, Duration ttl, Clock clock) {
        try {
            this.signer = new MACSigner(key);
            this.verifier = new MACVerifier(key);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("the token key must be at least 256 bits", e);
        }
        this.ttl = ttl;
        this.clock = clock;
    }

    /** A freshly signed token for {@code user}. */
    public Issued issue(User user) {
        Instant now = clock.instant();
        Instant expires = now.plus(ttl);
        var claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(user.id().toString())
                .claim("email", user.email())
                .claim("roles", user.roles().stream().map(Enum::name).sorted().toList())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expires))
                .jwtID(UUID.randomUUID().toString())
                .build();
        var jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign a token", e);
        }
        return new Issued(jwt.serialize(), expires, user.roles());
    }

    /** The caller a token names, when it is ours, intact and unexpired. */
    public Optional<Principal> verify(String token) {
        try {
            var jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
                return Optional.empty();
            }
            var claims = jwt.getJWTClaimsSet();
            Date exp = claims.getExpirationTime();
            if (!ISSUER.equals(claims.getIssuer())
                    || exp == null
                    || !clock.instant().isBefore(exp.toInstant())) {
                return Optional.empty();
            }
            var roles = EnumSet.noneOf(Role.class);
            List<String> names = claims.getStringListClaim("roles");
            for (String name : names == null ? List.<String>of() : names) {
                Role.find(name).ifPresent(roles::add);
            }
            return Optional.of(new Principal(
                    UUID.fromString(claims.getSubject()),
                    claims.getStringClaim("email"),
                    roles,
                    Principal.Via.TOKEN,
                    Optional.of(exp.toInstant()),
                    Optional.empty()));
        } catch (ParseException | JOSEException | IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }

    public record Issued(String token, Instant expiresAt, Set<Role> roles) {}
}
