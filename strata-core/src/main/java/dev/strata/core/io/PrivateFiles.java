package dev.strata.core.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Files only their owner may read or change (keys, passwords, audit copies): created 0600 (folders 0700), replaced
 * atomically, and checked before they are trusted.
 */
public final class PrivateFiles {
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private PrivateFiles() {}

    /** The attribute that creates a file readable and writable by its owner only. */
    public static FileAttribute<Set<PosixFilePermission>> ownerOnly() {
        return PosixFilePermissions.asFileAttribute(OWNER_ONLY);
    }

    /**
     * The mode of {@code file}, e.g. {@code rw-r--r--}, when it allows more than its owner's reading and writing; empty
     * for an owner-only file, a missing one, or one on a file system without POSIX permissions.
     */
    public static Optional<String> sharedMode(Path file) throws IOException {
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(file);
        } catch (NoSuchFileException | UnsupportedOperationException e) {
            return Optional.empty();
        }
        return OWNER_ONLY.containsAll(permissions)
                ? Optional.empty()
                : Optional.of(PosixFilePermissions.toString(permissions));
    }

    /** Creates {@code directory} (and its parents) as 0700 when missing. */
    public static void createDirectory(Path directory) {
        if (Files.isDirectory(directory)) {
            return;
        }
        try {
            Path parent = directory.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.createDirectory(directory, posix("rwx------"));
        } catch (FileAlreadyExistsException e) {
            // another process made it
        } catch (UnsupportedOperationException e) {
            try {
                Files.createDirectories(directory);
            } catch (IOException io) {
                throw new UncheckedIOException("Cannot create " + directory + ": " + io.getMessage(), io);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + directory + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code bytes} to a new 0600 file beside {@code file}, then moves it into place. */
    public static void writeAtomically(Path file, byte[] bytes) {
        Path directory = file.toAbsolutePath().getParent();
        createDirectory(directory);
        Path temp = null;
        try {
            try {
                temp = Files.createTempFile(directory, "." + file.getFileName(), ".tmp", posix("rw-------"));
            } catch (UnsupportedOperationException e) {
                temp = Files.createTempFile(directory, "." + file.getFileName(), ".tmp");
            }
            Files.write(temp, bytes, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            temp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }

    private static FileAttribute<?> posix(String permissions) {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions));
    }
}
