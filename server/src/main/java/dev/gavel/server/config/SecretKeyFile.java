package dev.gavel.server.config;

import dev.gavel.core.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The secret key kept in {@code GAVEL_HOME/secret.key} when none is configured: made once (384 random
 * bits, readable by its owner only) and read on every later start, so tokens survive restarts.
 */
public final class SecretKeyFile {
    public static final String NAME = "secret.key";

    private SecretKeyFile() {}

    public static Secret loadOrCreate(Path home) {
        Path file = home.resolve(NAME);
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(home);
                byte[] bytes = new byte[48];
                new SecureRandom().nextBytes(bytes);
                try {
                    Files.createFile(
                            file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                    Files.writeString(file, Base64.getEncoder().encodeToString(bytes) + "\n", StandardCharsets.UTF_8);
                } catch (FileAlreadyExistsException raced) {
                    // another process made it first; read theirs
                } catch (UnsupportedOperationException noPosix) {
                    Files.writeString(file, Base64.getEncoder().encodeToString(bytes) + "\n", StandardCharsets.UTF_8);
                }
            }
            String key = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (key.length() < 32) {
                throw new ConfigException(
                        file + " holds a secret key shorter than 32 characters; delete it to make a new one"
                                + " (existing logins and API keys stop working) or set GAVEL_SECRET_KEY");
            }
            return Secret.of(key);
        } catch (IOException e) {
            throw new ConfigException("cannot read or create the secret key " + file + ": " + e.getMessage());
        }
    }
}
