package dev.gavel.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The JVM options {@code ./gavel} starts with ({@code gavel_java_opts} in {@code scripts/lib.sh}), run in bash
 * with the memory it sees replaced.
 */
class LauncherOptionsTest {

    private static final Path LIB =
            Path.of("..", "scripts", "lib.sh").toAbsolutePath().normalize();

    @ParameterizedTest(name = "{0} MiB, GAVEL_JAVA_OPTS=\"{1}\" -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "24105 |                                | -XX:+UseZGC -Xmx2048m",
                "4096  |                                | -XX:+UseZGC -Xmx1024m",
                "1000  |                                | -XX:+UseZGC -Xmx512m",
                "''    |                                | -XX:+UseZGC -Xmx1024m",
                "24105 | -Xmx3g                         | -Xmx3g -XX:+UseZGC",
                "24105 | -XX:+UseG1GC -Dx=1             | -XX:+UseG1GC -Dx=1 -Xmx2048m",
                "24105 | -XX:MaxRAMPercentage=50        | -XX:MaxRAMPercentage=50 -XX:+UseZGC",
                "24105 | -XX:MaxHeapSize=1g -XX:+UseSerialGC | -XX:MaxHeapSize=1g -XX:+UseSerialGC",
            })
    void picks_zgc_and_a_bounded_heap_unless_told_otherwise(String mib, String javaOpts, String expected)
            throws Exception {
        String script = ". '" + LIB + "'; gavel_memory_mib() { echo '" + (mib == null ? "" : mib.strip())
                + "'; }; gavel_java_opts";
        assertThat(words(bash(script, javaOpts == null ? "" : javaOpts))).isEqualTo(words(expected));
    }

    @Test
    void the_memory_seen_is_a_positive_number_of_mib() throws Exception {
        String mib = bash(". '" + LIB + "'; gavel_memory_mib", "").strip();
        assertThat(Long.parseLong(mib)).isPositive();
    }

    @Test
    void the_default_options_start_this_jvm() throws Exception {
        String opts = bash(". '" + LIB + "'; gavel_java_opts", "").strip();
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(words(opts));
        command.add("-XX:+PrintFlagsFinal");
        command.add("-version");
        var result = run(command, "");
        assertThat(result.code()).as(result.out()).isZero();
        assertThat(result.out()).containsPattern("bool UseZGC +=? true");
    }

    private static List<String> words(String s) {
        return Arrays.stream(s.strip().split("\\s+")).filter(w -> !w.isEmpty()).toList();
    }

    private static String bash(String script, String javaOpts) throws Exception {
        var result =
                run(List.of("bash", "-c", "JAVA_HOME='" + System.getProperty("java.home") + "'; " + script), javaOpts);
        assertThat(result.code()).as(result.out()).isZero();
        return result.out();
    }

    record Result(int code, String out) {}

    private static Result run(List<String> command, String javaOpts) throws IOException, InterruptedException {
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("GAVEL_JAVA_OPTS", javaOpts);
        var process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("timed out: " + command);
        }
        return new Result(process.exitValue(), out);
    }
}
