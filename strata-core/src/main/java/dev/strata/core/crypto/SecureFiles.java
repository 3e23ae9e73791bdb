package dev.strata.core.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/** Files only their owner may read: created 0600 (folders 0700), replaced atomically. */
final class SecureFiles {
    private SecureFiles() {}

    /** Creates {@code directory} (and its parents) as 0700 when missing. */
    static void createDirectory(Path directory) {
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
    static void writeAtomically(Path file, byte[] bytes) {
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
