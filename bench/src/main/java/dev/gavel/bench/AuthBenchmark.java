package dev.gavel.bench;

import dev.gavel.core.Role;
import dev.gavel.core.Secret;
import dev.gavel.server.auth.Keys;
import dev.gavel.server.auth.PasswordHasher;
import dev.gavel.server.auth.Tokens;
import dev.gavel.store.users.User;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What authenticating one request costs. Every authenticated API call verifies a login token (parse,
 * HS256 check, claims) or hashes an API key (SHA-256, then one indexed lookup, not measured here). The raw
 * limit beside them is the bare HMAC-SHA256 over the same signing input: the least a signature check can
 * cost. Login itself runs Argon2id on purpose slowly; that figure says how many logins a core can take.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AuthBenchmark {
    private Tokens tokens;
    private String token;
    private Mac mac;
    private byte[] signingInput;
    private PasswordHasher hasher;
    private String passwordHash;
    private String apiKey;

    @Setup
    public void setUp() throws Exception {
        byte[] key = Keys.derive(Secret.of("b".repeat(48)), "jwt-hs256-v1");
        tokens = new Tokens(key, Duration.ofHours(12), Clock.systemUTC());
        var user = new User(
                UUID.randomUUID(),
                "bench@example.com",
                "x",
                EnumSet.of(Role.ADMIN, Role.BIDDER),
                Instant.now(),
                Optional.empty());
        token = tokens.issue(user).token();
        signingInput = token.substring(0, token.lastIndexOf('.')).getBytes(StandardCharsets.US_ASCII);
        mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        hasher = PasswordHasher.standard();
        passwordHash = hasher.hash("a password of decent length");
        apiKey = "gvl_" + "A".repeat(43);
    }

    /** Raw limit: HMAC-SHA256 over the token's signing input, nothing else. */
    @Benchmark
    public byte[] rawHmacSha256() {
        return mac.doFinal(signingInput);
    }

    /** A request with a login token: parse, check the signature, read the claims. */
    @Benchmark
    public Object verifyLoginToken() {
        return tokens.verify(token).orElseThrow();
    }

    /** A request with an API key: the hash that is looked up (the lookup is one indexed query). */
    @Benchmark
    public byte[] hashApiKey() throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8));
    }

    /** One login: Argon2id with OWASP's parameters (19 MiB, t=2, p=1). Slow on purpose. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public boolean verifyPassword() {
        return hasher.verify("a password of decent length", passwordHash);
    }
}
