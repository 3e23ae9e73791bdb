package dev.strata.store;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.Messages;
import dev.strata.core.error.StrataException;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The generated passwords of an embedded store's roles, kept next to its data directory in a file only the server's
 * user may read ({@code $STRATA_HOME/postgres.passwords}, mode 0600). {@link #toString()} shows none of them.
 */
record StoreCredentials(String superuser, String owner, String app, String run) {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    StoreCredentials {
        for (String password : new String[] {superuser, owner, app, run}) {
            if (password == null || password.isEmpty()) {
                throw new IllegalArgumentException("every role needs a password");
            }
        }
    }

    /** Four fresh random passwords. */
    static StoreCredentials generate() {
        return new StoreCredentials(secret(), secret(), secret(), secret());
    }

    /** 192 random bits, URL-safe Base64: safe in a file, an environment variable and a connection property. */
    static String secret() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Where the passwords of the data directory {@code directory} are kept: beside it, in the same folder. */
    static Path fileFor(Path directory) {
        return directory.resolveSibling(directory.getFileName() + ".passwords");
    }

    /**
     * The passwords kept in {@code file}, if it exists. Refuses a file that users other than its owner may read or
     * change: the passwords would be theirs too.
     */
    static Optional<StoreCredentials> read(Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        try {
            if (posix != null) {
                Set<PosixFilePermission> permissions = posix.readAttributes().permissions();
                if (!OWNER_ONLY.containsAll(permissions)) {
                    throw new StrataException(
                            ErrorCode.ACCESS_DENIED,
                            "Cannot use the metadata store's password file " + file + ": its mode is "
                                    + PosixFilePermissions.toString(permissions)
                                    + ", so users other than its owner may read or change it (run chmod 600 " + file
                                    + ")");
                }
            }
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
            try {
                return Optional.of(new StoreCredentials(
                        properties.getProperty(StoreRoles.SUPERUSER),
                        properties.getProperty(StoreRoles.OWNER),
                        properties.getProperty(StoreRoles.APP),
                        properties.getProperty(StoreRoles.RUN)));
            } catch (IllegalArgumentException e) {
                throw new StrataException(
                        ErrorCode.INTERNAL,
                        "Cannot use the metadata store's password file " + file + ": it lacks the password of "
                                + String.join(", ", missing(properties))
                                + " (restore the file from a backup of " + file.getParent() + ")");
            }
        } catch (IOException e) {
            throw new StrataException(
                    ErrorCode.INTERNAL,
                    "Cannot read the metadata store's password file " + file + ": " + Messages.firstLine(e)
                            + " (check that this user owns it and may read it)",
                    e);
        }
    }

    private static List<String> missing(Properties properties) {
        return Stream.of(StoreRoles.SUPERUSER, StoreRoles.OWNER, StoreRoles.APP, StoreRoles.RUN)
                .filter(role -> properties.getProperty(role, "").isEmpty())
                .toList();
    }

    /**
     * Writes the passwords to {@code file}, readable and writable by this user only from the moment it exists: a
     * temporary file made 0600 when it is created, then moved in place.
     */
    void write(Path file) {
        Path temporary = null;
        try {
            Path folder = file.toAbsolutePath().getParent();
            Files.createDirectories(folder);
            temporary = Files.getFileStore(folder).supportsFileAttributeView(PosixFileAttributeView.class)
                    ? Files.createTempFile(
                            folder, ".passwords", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                    : Files.createTempFile(folder, ".passwords", ".tmp");
            try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                writer.write("# The embedded metadata store's generated passwords (docs/security.md). Keep this file"
                        + " mode 0600.\n");
                writer.write(StoreRoles.SUPERUSER + "=" + superuser + "\n");
                writer.write(StoreRoles.OWNER + "=" + owner + "\n");
                writer.write(StoreRoles.APP + "=" + app + "\n");
                writer.write(StoreRoles.RUN + "=" + run + "\n");
            }
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
            temporary = null;
        } catch (IOException e) {
            throw new StrataException(
                    ErrorCode.INTERNAL,
                    "Cannot write the metadata store's password file " + file + ": " + Messages.firstLine(e)
                            + " (check that " + file.getParent() + " is writable by this user)",
                    e);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException e) {
                    // Nothing more to do: the failure above is what the user needs to see.
                }
            }
        }
    }

    @Override
    public String toString() {
        return "StoreCredentials[***]";
    }
}
