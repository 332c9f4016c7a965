package dev.gavel.server;

import dev.gavel.server.config.ConfigLoader;
import dev.gavel.server.config.GavelConfig;
import dev.gavel.testkit.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A server configuration for a test: a fresh home, any free port, the test's database and Redis. */
final class TestConfigs {
    private TestConfigs() {}

    static GavelConfig config(TestDatabase db, String redisUri, Map<String, String> extraEnv) throws IOException {
        var env = new HashMap<String, String>();
        env.put("GAVEL_HOME", Files.createTempDirectory("gavel-home").toString());
        env.put("GAVEL_HTTP_PORT", "0");
        env.putAll(extraEnv);
        return ConfigLoader.load(Optional.empty(), env)
                .withDatabaseUrl(db.url(), db.user())
                .withRedisUrl(redisUri);
    }
}
