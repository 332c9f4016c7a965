package dev.gavel.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a server's own tool (initdb, pg_ctl) to completion. When this JVM runs as root the tool runs
 * inside a fresh user namespace ({@code unshare -U}): PostgreSQL refuses to run as root, and in that
 * namespace the same process is "nobody" to PostgreSQL's checks while keeping the file access it had.
 */
final class Command {
    private static final boolean ROOT = isRoot();

    private Command() {}

    static boolean runningAsRoot() {
        return ROOT;
    }

    /** Runs {@code args}, waits up to {@code timeoutSeconds}, and returns its exit code with its output. */
    static Result run(List<String> args, long timeoutSeconds) {
        var command = new ArrayList<String>();
        if (ROOT) {
            command.add("unshare");
            command.add("-U");
        }
        command.addAll(args);
        Path output = null;
        try {
            output = Files.createTempFile("gavel-cmd", ".log");
            var process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                    .start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, "timed out after " + timeoutSeconds + " s: " + read(output));
            }
            return new Result(process.exitValue(), read(output));
        } catch (IOException e) {
            throw new EmbeddedServerException("could not run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedServerException("interrupted while running " + args.get(0), e);
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException ignored) {
                    // a leftover temp file is harmless
                }
            }
        }
    }

    private static String read(Path output) throws IOException {
        return Files.readString(output, StandardCharsets.UTF_8).strip();
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    private static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    record Result(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }
}
