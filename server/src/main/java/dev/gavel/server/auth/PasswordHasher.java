package dev.gavel.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes in the PHC string format ({@code $argon2id$v=19$m=…,t=…,p=…$salt$hash}), with
 * OWASP's baseline parameters. The parameters travel inside each hash, so raising them later still
 * verifies old hashes. Thread-safe.
 */
public final class PasswordHasher {
    private static final Pattern PHC = Pattern.compile(
            "^\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,3}),p=(\\d{1,2})\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)$");
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private final int memoryKiB;
    private final int iterations;
    private final int parallelism;
    private final SecureRandom random = new SecureRandom();
    private final String dummyHash;

    public PasswordHasher(int memoryKiB, int iterations, int parallelism) {
        this.memoryKiB = memoryKiB;
        this.iterations = iterations;
        this.parallelism = parallelism;
        this.dummyHash = hash("not a password anyone has");
    }

    /** 19 MiB, 2 passes, 1 lane: OWASP's recommended minimum for Argon2id. */
    public static PasswordHasher standard() {
        return new PasswordHasher(19_456, 2, 1);
    }

    public String hash(String password) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        byte[] out = derive(password, salt, memoryKiB, iterations, parallelism);
        return "$argon2id$v=19$m=" + memoryKiB + ",t=" + iterations + ",p=" + parallelism + "$"
                + B64.encodeToString(salt) + "$" + B64.encodeToString(out);
    }

    /** True when {@code password} produces {@code encoded}; false for any other password or a damaged hash. */
    public boolean verify(String password, String encoded) {
        var m = PHC.matcher(encoded == null ? "" : encoded);
        if (!m.matches()) {
            return false;
        }
        int mem = Integer.parseInt(m.group(1));
        int t = Integer.parseInt(m.group(2));
        int p = Integer.parseInt(m.group(3));
        if (mem < 8 * p || t < 1 || p < 1) {
            return false;
        }
        byte[] salt = B64D.decode(m.group(4));
        byte[] expected = B64D.decode(m.group(5));
        return MessageDigest.isEqual(expected, derive(password, salt, mem, t, p));
    }

    /**
     * Spends the time a real verification takes, for a login with an unknown address: the answer time
     * then does not tell which addresses have accounts.
     */
    public void verifyNothing(String password) {
        verify(password, dummyHash);
    }

    private static byte[] derive(String password, byte[] salt, int mem, int t, int p) {
        var params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(mem)
                .withIterations(t)
                .withParallelism(p)
                .withSalt(salt)
                .build();
        var generator = new Argon2BytesGenerator();
        generator.init(params);
        byte[] out = new byte[32];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
