package dev.gavel.embedded;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * The PostgreSQL binaries zonky bundles for this OS and CPU, unpacked once into a cache folder and
 * shared by every server started from it. Unpacking goes to a temporary sibling first and is then
 * renamed into place, so two processes unpacking at once never see half a tree.
 */
public final class PostgresBinaries {
    private final Path home;

    private PostgresBinaries(Path home) {
        this.home = home;
    }

    /** The unpacked tree under {@code cacheDir}, unpacking it when it is not there yet. */
    public static PostgresBinaries unpackedInto(Path cacheDir) {
        String system = systemName();
        byte[] archive;
        try (InputStream in =
                DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, System.getProperty("os.arch"))) {
            archive = in.readAllBytes();
        } catch (IOException | IllegalStateException e) {
            throw new EmbeddedServerException(
                    "no bundled PostgreSQL binaries for " + system + "/" + System.getProperty("os.arch")
                            + " (Linux and macOS on x86_64 and arm64 are bundled): " + e.getMessage(),
                    e);
        }
        Path target = cacheDir.resolve("postgres-" + digest(archive));
        if (Files.isRegularFile(target.resolve(".complete"))) {
            return new PostgresBinaries(target);
        }
        try {
            Files.createDirectories(cacheDir);
            Path staging = Files.createTempDirectory(cacheDir, ".unpacking-");
            unpack(archive, staging);
            Files.writeString(staging.resolve(".complete"), "");
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException raced) {
                deleteTree(staging); // another process finished first; its tree is as good as ours
            } catch (AtomicMoveNotSupportedException e) {
                throw new EmbeddedServerException("cannot rename within " + cacheDir + ": " + e.getMessage(), e);
            }
        } catch (IOException e) {
            throw new EmbeddedServerException(
                    "could not unpack PostgreSQL into " + cacheDir + ": " + e.getMessage(), e);
        }
        return new PostgresBinaries(target);
    }

    public Path bin(String tool) {
        return home.resolve("bin").resolve(tool);
    }

    public Path home() {
        return home;
    }

    private static String systemName() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        if (os.contains("mac") || os.contains("darwin")) {
            return "Darwin";
        }
        if (os.contains("linux")) {
            return "Linux";
        }
        throw new EmbeddedServerException("embedded PostgreSQL runs on Linux and macOS only, not on " + os
                + "; set GAVEL_DB_URL to a PostgreSQL server instead");
    }

    private static String digest(byte[] archive) {
        try {
            var sha = java.security.MessageDigest.getInstance("SHA-256").digest(archive);
            return HexFormat.of().formatHex(sha, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static void unpack(byte[] archive, Path into) throws IOException {
        try (var tar = new TarArchiveInputStream(
                new XZCompressorInputStream(new BufferedInputStream(new java.io.ByteArrayInputStream(archive))))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path path = into.resolve(entry.getName()).normalize();
                if (!path.startsWith(into)) {
                    throw new IOException("archive entry escapes its folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(path.getParent());
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(path, permissions(entry.getMode()));
                }
            }
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        var perms = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        if ((mode & 0100) != 0) {
            perms.add(PosixFilePermission.OWNER_EXECUTE);
            perms.add(PosixFilePermission.GROUP_EXECUTE);
            perms.add(PosixFilePermission.OTHERS_EXECUTE);
        }
        perms.add(PosixFilePermission.GROUP_READ);
        perms.add(PosixFilePermission.OTHERS_READ);
        return perms;
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
