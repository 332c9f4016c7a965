package dev.gavel.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedRedisIT {

    @TempDir
    Path home;

    @Test
    void with_a_data_folder_keys_survive_a_restart() throws Exception {
        var first = EmbeddedRedis.start(Optional.of(home.resolve("redis")), Ports.free());
        assertThat(send(first.port(), "SET", "gavel:kept", "yes")).isEqualTo("+OK");
        first.stop();
        assertThat(first.isRunning()).isFalse();

        try (var second = EmbeddedRedis.start(Optional.of(home.resolve("redis")), Ports.free())) {
            assertThat(send(second.port(), "GET", "gavel:kept")).isEqualTo("$3");
        }
    }

    @Test
    void without_a_data_folder_it_starts_empty() throws Exception {
        try (var redis = EmbeddedRedis.start(Optional.empty(), Ports.free())) {
            assertThat(send(redis.port(), "DBSIZE")).isEqualTo(":0");
            assertThat(redis.uri()).isEqualTo("redis://127.0.0.1:" + redis.port());
        }
    }

    @Test
    void it_is_still_up_while_the_process_stops_until_its_owner_stops_it() throws Exception {
        var process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        RedisShutdownOrderMain.class.getName())
                .redirectErrorStream(true)
                .start();
        var out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        int port = -1;
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith("port=")) {
                port = Integer.parseInt(line.substring(5));
                break;
            }
        }
        assertThat(port).as("the child said its Redis port").isPositive();
        assertThat(send(port, "PING")).isEqualTo("+PONG");

        // SIGTERM, as Ctrl-C or a service manager sends (Process.destroy would also close our end of its output)
        process.toHandle().destroy();

        var said = new StringBuilder();
        for (String line; (line = out.readLine()) != null; ) {
            said.append(line).append('\n');
        }
        assertThat(process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(said.toString()).contains("during shutdown: +PONG", "stopped: true");
        int stoppedPort = port;
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> send(stoppedPort, "PING")))
                .as("Redis is gone once its owner stopped it")
                .isInstanceOf(java.io.IOException.class);
    }

    /** Sends one command in RESP and returns the first line of the answer. */
    static String send(int port, String... args) throws Exception {
        try (var socket = new Socket("127.0.0.1", port)) {
            var command = new StringBuilder("*" + args.length + "\r\n");
            for (String arg : args) {
                command.append('$')
                        .append(arg.getBytes(StandardCharsets.UTF_8).length)
                        .append("\r\n")
                        .append(arg)
                        .append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(command.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
        }
    }
}
