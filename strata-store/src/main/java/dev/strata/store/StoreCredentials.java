package dev.strata.store;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.Messages;
import dev.strata.core.error.StrataException;
import dev.strata.core.io.PrivateFiles;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The generated passwords of an embedded store's roles, kept next to its data directory in a file only the server's
 * user may read ({@code $STRATA_HOME/postgres.passwords}, mode 0600). {@link #toString()} shows none of them.
 */
record StoreCredentials(String superuser, String owner, String app, String run) {
    private static final SecureRandom RANDOM = new SecureRandom();

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
        try {
            Optional<String> shared = PrivateFiles.sharedMode(file);
            if (shared.isPresent()) {
                throw new StrataException(
                        ErrorCode.ACCESS_DENIED,
                        "Cannot use the metadata store's password file " + file + ": its mode is " + shared.get()
                                + ", so users other than its owner may read or change it (run chmod 600 " + file
                                + ")");
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
        String text = "# The embedded metadata store's generated passwords (docs/security.md). Keep this file mode"
                + " 0600.\n"
                + StoreRoles.SUPERUSER + "=" + superuser + "\n"
                + StoreRoles.OWNER + "=" + owner + "\n"
                + StoreRoles.APP + "=" + app + "\n"
                + StoreRoles.RUN + "=" + run + "\n";
        try {
            PrivateFiles.writeAtomically(file, text.getBytes(StandardCharsets.UTF_8));
        } catch (UncheckedIOException e) {
            throw new StrataException(
                    ErrorCode.INTERNAL,
                    "Cannot write the metadata store's password file " + file + ": " + Messages.firstLine(e.getCause())
                            + " (check that " + file.getParent() + " is writable by this user)",
                    e);
        }
    }

    @Override
    public String toString() {
        return "StoreCredentials[***]";
    }
}
