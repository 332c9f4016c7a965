package dev.gavel.stream.encode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * An ffmpeg executable that can do Gavel's encode (libx264 and AAC), with its ffprobe when there is one.
 * {@link #find} looks at the configured path, then {@code PATH}; what it finds is checked by running it.
 */
public record Ffmpeg(Path ffmpeg, Optional<Path> ffprobe, String version) {

    /** ffmpeg, or why there is none. */
    public sealed interface Found {
        record Usable(Ffmpeg ffmpeg) implements Found {}

        record Missing(String reason) implements Found {}
    }

    public static Found find(Optional<Path> configured) {
        Optional<Path> candidate = configured.isPresent() ? configured : onPath("ffmpeg");
        if (candidate.isEmpty()) {
            return new Found.Missing("no ffmpeg on PATH (install the ffmpeg package, or set GAVEL_FFMPEG to its path)");
        }
        Path exe = candidate.get();
        if (!Files.isExecutable(exe)) {
            return new Found.Missing(exe + " is not an executable file");
        }
        try {
            String version = run(exe, List.of("-hide_banner", "-version"))
                    .lines()
                    .findFirst()
                    .orElse("ffmpeg");
            String encoders = run(exe, List.of("-hide_banner", "-encoders"));
            if (!encoders.contains("libx264")) {
                return new Found.Missing(exe + " has no libx264 encoder (" + version + ")");
            }
            if (!encoders.matches("(?s).*\\baac\\b.*")) {
                return new Found.Missing(exe + " has no AAC encoder (" + version + ")");
            }
            Path probe = exe.resolveSibling("ffprobe");
            return new Found.Usable(
                    new Ffmpeg(exe, Files.isExecutable(probe) ? Optional.of(probe) : onPath("ffprobe"), version));
        } catch (IOException e) {
            return new Found.Missing(exe + " does not run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Found.Missing("interrupted while checking " + exe);
        }
    }

    static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static String run(Path exe, List<String> args) throws IOException, InterruptedException {
        var command = new java.util.ArrayList<String>();
        command.add(exe.toString());
        command.addAll(args);
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        // read on the side: a hung ffmpeg must not hang the caller past the timeout
        var output = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return process.getInputStream().readAllBytes();
            } catch (IOException e) {
                return new byte[0];
            }
        });
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("did not answer within 20 s");
        }
        byte[] out;
        try {
            out = output.get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            out = new byte[0];
        }
        if (process.exitValue() != 0) {
            throw new IOException("exit code " + process.exitValue());
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
