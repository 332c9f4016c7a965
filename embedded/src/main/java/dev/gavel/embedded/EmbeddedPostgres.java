package dev.gavel.embedded;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server run from zonky's bundled binaries, keeping its data in a folder of ours so
 * that a restart finds yesterday's data. Commits are durable (fsync and synchronous commit stay on):
 * this is the demo's and a small install's system of record, not a throwaway test database.
 *
 * <p>A lock file next to the data folder keeps two Gavel processes off the same data; a server left
 * running by a process that died is stopped before a new one starts. Thread-safe for {@link #close()}.
 */
public final class EmbeddedPostgres implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgres.class);
    public static final String SUPERUSER = "postgres";

    private final PostgresBinaries binaries;
    private final Path dataDir;
    private final int port;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private volatile boolean closed;

    private EmbeddedPostgres(
            PostgresBinaries binaries, Path dataDir, int port, FileChannel lockChannel, FileLock lock) {
        this.binaries = binaries;
        this.dataDir = dataDir;
        this.port = port;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Starts a server on {@code port} over {@code dataDir}, creating the cluster on first use.
     *
     * @param binariesCache where the binaries are unpacked (shared between data folders)
     */
    public static EmbeddedPostgres start(Path dataDir, Path binariesCache, int port) {
        long started = System.nanoTime();
        var binaries = PostgresBinaries.unpackedInto(binariesCache);
        Path data = dataDir.toAbsolutePath();
        FileChannel channel = null;
        try {
            Files.createDirectories(data.getParent());
            channel = FileChannel.open(
                    data.resolveSibling(data.getFileName() + ".lock"),
                    StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                throw new EmbeddedServerException("the PostgreSQL data in " + data
                        + " is in use by another Gavel process; stop it first or choose another GAVEL_HOME");
            }
            var server = new EmbeddedPostgres(binaries, data, port, channel, lock);
            server.initIfNew();
            server.stopLeftover();
            server.startServer();
            LOG.info(
                    "embedded PostgreSQL up on 127.0.0.1:{} with data in {} ({} ms)",
                    port,
                    data,
                    (System.nanoTime() - started) / 1_000_000);
            return server;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new EmbeddedServerException(
                    "could not prepare PostgreSQL data in " + data + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    public int port() {
        return port;
    }

    public String user() {
        return SUPERUSER;
    }

    /** A JDBC URL for {@code database} on this server (trust authentication, no password). */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public Path dataDir() {
        return dataDir;
    }

    private void initIfNew() throws IOException {
        if (Files.exists(dataDir.resolve("PG_VERSION"))) {
            return;
        }
        Files.createDirectories(dataDir);
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
        var result = Command.run(
                List.of(
                        binaries.bin("initdb").toString(),
                        "-A",
                        "trust",
                        "-U",
                        SUPERUSER,
                        "-D",
                        dataDir.toString(),
                        "-E",
                        "UTF-8",
                        "--locale=C"),
                120);
        if (!result.ok()) {
            throw new EmbeddedServerException("initdb failed for " + dataDir + ": " + result.output());
        }
    }

    /** A process that died without stopping its server leaves it running on our data: stop it. */
    private void stopLeftover() {
        if (!Files.exists(dataDir.resolve("postmaster.pid"))) {
            return;
        }
        var status = Command.run(List.of(binaries.bin("pg_ctl").toString(), "-D", dataDir.toString(), "status"), 30);
        if (status.ok()) {
            LOG.warn("a PostgreSQL server left running on {} by an earlier process; stopping it", dataDir);
            pgCtlStop();
        }
    }

    private void startServer() {
        String options = String.join(
                " ",
                "-p " + port,
                "-h 127.0.0.1",
                "-c unix_socket_directories=''",
                "-c timezone=UTC",
                "-c max_connections=200");
        var result = Command.run(
                List.of(
                        binaries.bin("pg_ctl").toString(),
                        "-D",
                        dataDir.toString(),
                        "-l",
                        logFile().toString(),
                        "-o",
                        options,
                        "-w",
                        "-t",
                        "90",
                        "start"),
                120);
        if (!result.ok()) {
            throw new EmbeddedServerException(
                    "PostgreSQL did not start on port " + port + ": " + result.output() + "\n" + tail(logFile()));
        }
    }

    public Path logFile() {
        return dataDir.resolveSibling(dataDir.getFileName() + ".log");
    }

    private void pgCtlStop() {
        var result = Command.run(
                List.of(
                        binaries.bin("pg_ctl").toString(),
                        "-D",
                        dataDir.toString(),
                        "stop",
                        "-m",
                        "fast",
                        "-w",
                        "-t",
                        "60"),
                90);
        if (!result.ok()) {
            LOG.warn("pg_ctl stop for {} said: {}", dataDir, result.output());
        }
    }

    /** Stops the server (fast shutdown: sessions end, committed data stays) and releases the data. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        pgCtlStop();
        try {
            lock.release();
        } catch (IOException e) {
            LOG.debug("releasing the lock on {}", dataDir, e);
        }
        closeQuietly(lockChannel);
        LOG.info("embedded PostgreSQL on port {} stopped", port);
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // held by this very JVM
        }
    }

    private static String tail(Path log) {
        try {
            var lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no server log at " + log + ")";
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing more to release
            }
        }
    }
}
