package dev.gavel.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    @Test
    void with_nothing_set_the_defaults_of_the_configuration_table_apply() {
        var config = ConfigLoader.load(Optional.empty(), Map.of());

        assertThat(config.http().port()).isEqualTo(8080);
        assertThat(config.home()).isEqualTo(Path.of(System.getProperty("user.home"), ".gavel"));
        assertThat(config.database().url()).isEmpty();
        assertThat(config.redisUrl()).isEmpty();
        assertThat(config.auth().secretKey()).isEmpty();
        assertThat(config.auth().tokenTtl()).isEqualTo(Duration.ofHours(12));
        assertThat(config.owner()).isEmpty();
        assertThat(config.logFormat()).isEqualTo(GavelConfig.LogFormat.JSON);
    }

    @Test
    void jobs_run_on_every_node_by_default_at_real_speed() throws Exception {
        assertThat(ConfigLoader.load(Optional.empty(), Map.of()).jobs()).isEqualTo(GavelConfig.Jobs.defaults());
        assertThat(GavelConfig.Jobs.defaults()).isEqualTo(new GavelConfig.Jobs(true, 4, 1.0));

        var env = Map.of("GAVEL_JOBS_ENABLED", "FALSE", "GAVEL_JOBS_THREADS", "2");
        assertThat(ConfigLoader.load(Optional.empty(), env).jobs()).isEqualTo(new GavelConfig.Jobs(false, 2, 1.0));
        Path yaml = write("jobs:\n  speed: 60\n  enabled: true\n");
        assertThat(ConfigLoader.load(Optional.of(yaml), Map.of()).jobs()).isEqualTo(new GavelConfig.Jobs(true, 4, 60));
    }

    @Test
    void bad_job_settings_name_the_key_the_value_and_what_is_expected() {
        var env = Map.of("GAVEL_JOBS_ENABLED", "sometimes", "GAVEL_JOBS_THREADS", "0", "GAVEL_JOBS_SPEED", "0.5");

        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), env))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("GAVEL_JOBS_ENABLED = 'sometimes': expected true or false")
                .hasMessageContaining(
                        "GAVEL_JOBS_THREADS = '0': expected how many jobs run at once on this node, 1 to 32")
                .hasMessageContaining("GAVEL_JOBS_SPEED = '0.5': expected a speed from 1 to 10000");
    }

    @Test
    void an_environment_variable_beats_the_file_and_the_file_beats_the_default() throws Exception {
        Path yaml = write("http:\n  port: 9000\n  host: 127.0.0.1\ndb:\n  url: jdbc:postgresql://db.example/gavel\n");

        var config = ConfigLoader.load(Optional.of(yaml), Map.of("GAVEL_HTTP_PORT", "9100"));

        assertThat(config.http().port()).isEqualTo(9100);
        assertThat(config.http().host()).isEqualTo("127.0.0.1");
        assertThat(config.database().url()).contains("jdbc:postgresql://db.example/gavel");
    }

    @Test
    void the_config_file_may_come_from_GAVEL_CONFIG() throws Exception {
        Path yaml = write("redis:\n  url: redis://cache.example:6380\n");

        var config = ConfigLoader.load(Optional.empty(), Map.of("GAVEL_CONFIG", yaml.toString()));

        assertThat(config.redisUrl()).contains("redis://cache.example:6380");
    }

    @Test
    void a_bad_value_names_the_key_the_value_and_what_is_expected() {
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("GAVEL_HTTP_PORT", "eighty")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("GAVEL_HTTP_PORT = 'eighty': expected a port number from 0 to 65535");
    }

    @Test
    void a_bad_value_in_the_file_is_reported_with_its_file_key() throws Exception {
        Path yaml = write("http:\n  port: 70000\n");

        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(yaml), Map.of()))
                .hasMessageContaining("http.port (gavel.yaml) = '70000': expected a port number");
    }

    @Test
    void every_problem_is_reported_at_once() {
        var env = Map.of(
                "GAVEL_HTTP_PORT", "-1",
                "GAVEL_DB_URL", "postgres://nope",
                "GAVEL_REDIS_URL", "memcached://x",
                "GAVEL_TOKEN_TTL", "forever",
                "GAVEL_LOG_FORMAT", "xml");

        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), env))
                .isInstanceOf(ConfigException.class)
                .extracting(e -> ((ConfigException) e).problems(), LIST)
                .extracting(p -> ((ConfigProblem) p).key())
                .containsExactlyInAnyOrder(
                        "GAVEL_HTTP_PORT", "GAVEL_DB_URL", "GAVEL_REDIS_URL", "GAVEL_TOKEN_TTL", "GAVEL_LOG_FORMAT");
    }

    @Test
    void an_unknown_key_in_the_file_is_an_error_listing_the_known_ones() throws Exception {
        Path yaml = write("http:\n  prot: 8080\n");

        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(yaml), Map.of()))
                .hasMessageContaining("http.prot (gavel.yaml) = '8080'")
                .hasMessageContaining("http.port");
    }

    @Test
    void a_secret_in_the_file_is_refused_without_echoing_it() throws Exception {
        Path yaml = write("db:\n  password: hunter2hunter2\n");

        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(yaml), Map.of()))
                .hasMessageContaining("db.password (gavel.yaml) = '******'")
                .hasMessageContaining("GAVEL_DB_PASSWORD")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void a_short_secret_key_is_refused_without_echoing_it() {
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("GAVEL_SECRET_KEY", "tooshort-secret")))
                .hasMessageContaining("GAVEL_SECRET_KEY = '******': expected at least 32 characters")
                .hasMessageNotContaining("tooshort");
    }

    @Test
    void the_secret_key_may_come_from_a_file() throws Exception {
        Path key = write("k".repeat(40) + "\n");

        var config = ConfigLoader.load(Optional.empty(), Map.of("GAVEL_SECRET_KEY_FILE", key.toString()));

        assertThat(config.auth().secretKey().orElseThrow().reveal()).isEqualTo("k".repeat(40));
    }

    @Test
    void an_owner_needs_both_an_address_and_a_long_enough_password() {
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("GAVEL_OWNER_EMAIL", "owner@example.com")))
                .hasMessageContaining("GAVEL_OWNER_PASSWORD");
        assertThatThrownBy(() -> ConfigLoader.load(
                        Optional.empty(),
                        Map.of("GAVEL_OWNER_EMAIL", "owner@example.com", "GAVEL_OWNER_PASSWORD", "short")))
                .hasMessageContaining("GAVEL_OWNER_PASSWORD = '******': expected a password of 10 to 256 characters");
        var ok = ConfigLoader.load(
                Optional.empty(),
                Map.of("GAVEL_OWNER_EMAIL", "owner@example.com", "GAVEL_OWNER_PASSWORD", "long enough pw"));
        assertThat(ok.owner().orElseThrow().email()).isEqualTo("owner@example.com");
    }

    @Test
    void durations_take_short_and_iso_forms_within_bounds() {
        assertThat(ConfigLoader.duration("45m")).isEqualTo(Duration.ofMinutes(45));
        assertThat(ConfigLoader.duration("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(ConfigLoader.duration("PT2H")).isEqualTo(Duration.ofHours(2));
        assertThat(ConfigLoader.duration("10s")).isNull();
        assertThat(ConfigLoader.duration("31d")).isNull();
    }

    @Test
    void a_missing_or_broken_config_file_is_named() throws Exception {
        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(dir.resolve("absent.yaml")), Map.of()))
                .hasMessageContaining("absent.yaml")
                .hasMessageContaining("no such file");
        Path broken = write("http: [port: 1\n");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(broken), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(broken.toString());
        Path list = write("- a\n- b\n");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(list), Map.of())).hasMessageContaining("mapping");
    }

    @Test
    void home_accepts_a_tilde() {
        var config = ConfigLoader.load(Optional.empty(), Map.of("GAVEL_HOME", "~/gavel-data"));
        assertThat(config.home()).isEqualTo(Path.of(System.getProperty("user.home"), "gavel-data"));
    }

    @Test
    void the_chain_is_off_by_default_and_takes_its_providers_in_failover_order() {
        assertThat(ConfigLoader.load(Optional.empty(), Map.of()).chain().enabled())
                .isFalse();

        var config = ConfigLoader.load(
                Optional.empty(),
                Map.of(
                        "GAVEL_CHAIN_RPC_URLS", "https://rpc.one.example/v2/key, http://127.0.0.1:8545",
                        "GAVEL_CHAIN_ESCROW", "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed",
                        "GAVEL_SIGNER_KEY", "0x" + "ab".repeat(32),
                        "GAVEL_CHAIN_POLL_INTERVAL", "500ms"));

        var chain = config.chain();
        assertThat(chain.enabled()).isTrue();
        assertThat(chain.rpcUrls()).extracting(java.net.URI::getHost).containsExactly("rpc.one.example", "127.0.0.1");
        assertThat(chain.confirmations()).isEqualTo(3); // chain 360, an L2
        assertThat(chain.escrow()).contains("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
        assertThat(chain.signerKey().orElseThrow().reveal()).isEqualTo("ab".repeat(32));
        assertThat(chain.pollInterval()).isEqualTo(java.time.Duration.ofMillis(500));
        assertThat(chain.maxFeeGwei()).isEqualTo(100);
        assertThat(ConfigLoader.load(Optional.empty(), Map.of("GAVEL_CHAIN_ID", "1"))
                        .chain()
                        .confirmations())
                .isEqualTo(12);
    }

    @Test
    void bad_chain_settings_are_all_named_and_the_signer_key_is_never_printed() {
        assertThatThrownBy(() -> ConfigLoader.load(
                        Optional.empty(),
                        Map.of(
                                "GAVEL_CHAIN_RPC_URLS", "ws://node:8546",
                                "GAVEL_CHAIN_ESCROW", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD",
                                "GAVEL_CHAIN_PAYOUT_ADDRESS", "0x1234",
                                "GAVEL_SIGNER_KEY", "not-a-key-but-a-secret",
                                "GAVEL_CHAIN_CONFIRMATIONS", "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("GAVEL_CHAIN_RPC_URLS = 'ws://node:8546'")
                .hasMessageContaining("GAVEL_CHAIN_ESCROW")
                .hasMessageContaining("checksum")
                .hasMessageContaining("GAVEL_CHAIN_PAYOUT_ADDRESS = '0x1234'")
                .hasMessageContaining("GAVEL_SIGNER_KEY = '******'")
                .hasMessageContaining("GAVEL_CHAIN_CONFIRMATIONS = '0'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("not-a-key-but-a-secret"));
    }

    @Test
    void the_stream_defaults_to_hls_at_720p30_and_takes_its_size_rate_and_outputs() {
        var defaults = ConfigLoader.load(Optional.empty(), Map.of()).stream();
        assertThat(defaults.outputs().reveal()).isEqualTo("hls");
        assertThat(defaults.width()).isEqualTo(1280);
        assertThat(defaults.fps()).isEqualTo(30);
        assertThat(defaults.videoKbps()).isEqualTo(4500);
        assertThat(defaults.autostart()).isFalse();
        var full = ConfigLoader.load(
                Optional.empty(),
                Map.of(
                        "GAVEL_STREAM_SIZE", "1080p",
                        "GAVEL_STREAM_OUTPUTS", "hls,rtmps://ingest.example:443/x/key,file:/tmp/rec.ts",
                        "GAVEL_STREAM_AUTOSTART", "true"))
                .stream();
        assertThat(full.height()).isEqualTo(1080);
        assertThat(full.videoKbps()).as("the 1080p default").isEqualTo(6000);
        assertThat(full.autostart()).isTrue();
        assertThat(ConfigLoader.load(Optional.empty(), Map.of("GAVEL_STREAM_SIZE", "854x480")).stream()
                        .width())
                .isEqualTo(854);
    }

    @Test
    void bad_stream_settings_are_named_and_an_ingest_key_is_never_printed() {
        assertThatThrownBy(() -> ConfigLoader.load(
                        Optional.empty(),
                        Map.of(
                                "GAVEL_STREAM_OUTPUTS", "srt://ingest/secret-stream-key",
                                "GAVEL_STREAM_SIZE", "4k",
                                "GAVEL_STREAM_FPS", "120",
                                "GAVEL_STREAM_VIDEO_KBPS", "50000",
                                "GAVEL_FFMPEG", "/no/such/ffmpeg")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("GAVEL_STREAM_OUTPUTS = '******'")
                .hasMessageContaining("rtmp://")
                .hasMessageContaining("GAVEL_STREAM_SIZE = '4k'")
                .hasMessageContaining("GAVEL_STREAM_FPS = '120'")
                .hasMessageContaining("GAVEL_STREAM_VIDEO_KBPS = '50000'")
                .hasMessageContaining("GAVEL_FFMPEG = '/no/such/ffmpeg'")
                .hasMessageContaining("an entry starting srt://")
                .satisfies(
                        e -> assertThat(e.getMessage()).doesNotContain("secret").doesNotContain("ingest/"));
    }

    private Path write(String text) throws Exception {
        Path file = Files.createTempFile(dir, "gavel", ".yaml");
        Files.writeString(file, text);
        return file;
    }
}
