package dev.gavel.app;

import dev.gavel.core.Secret;
import dev.gavel.server.config.GavelConfig;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Properties;

/**
 * The demo's owner login: made up on the first start (a random password), kept in
 * {@code GAVEL_HOME/demo-owner.properties} readable by its owner only, and printed on every start so a
 * newcomer can always log in.
 */
final class DemoOwner {
    static final String FILE = "demo-owner.properties";
    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private DemoOwner() {}

    static GavelConfig.Owner loadOrCreate(Path home) {
        Path file = home.resolve(FILE);
        try {
            var props = new Properties();
            if (Files.exists(file)) {
                try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    props.load(reader);
                }
                String email = props.getProperty("email");
                String password = props.getProperty("password");
                if (email != null && password != null) {
                    return new GavelConfig.Owner(email, Secret.of(password));
                }
            }
            Files.createDirectories(home);
            props.setProperty("email", "owner@gavel.local");
            props.setProperty("password", randomPassword());
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                props.store(writer, "Gavel demo owner login (generated on first start)");
            }
            return new GavelConfig.Owner(props.getProperty("email"), Secret.of(props.getProperty("password")));
        } catch (IOException e) {
            throw new IllegalStateException("cannot keep the demo owner login in " + file + ": " + e.getMessage(), e);
        }
    }

    private static String randomPassword() {
        var random = new SecureRandom();
        var sb = new StringBuilder();
        for (int i = 0; i < 18; i++) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
