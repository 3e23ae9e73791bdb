package dev.strata.cli.daemon;

import dev.strata.core.config.Config;
import dev.strata.core.config.DaemonConfig;
import dev.strata.core.config.LauncherConfig;
import dev.strata.core.config.StoreConfig;
import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The folder of this user's daemons (their sockets, and what each serves): {@code $XDG_RUNTIME_DIR/strata/daemons},
 * else {@code ~/.strata/daemons}. Made 0700, and refused when another user owns it or it lets anyone else in: a
 * socket there runs commands as its owner, so no other user may reach one.
 */
public final class DaemonDirectory {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private DaemonDirectory() {}

    /** Where this user's daemons live, for {@code environment} (not made or checked). */
    public static Path of(Map<String, String> environment) {
        Config config = Config.of(environment);
        Path runtime = config.get(DaemonConfig.RUNTIME_DIR);
        Path base = runtime != null
                ? runtime.resolve("strata")
                : config.get(StoreConfig.USER_HOME).resolve(".strata");
        return base.resolve("daemons").toAbsolutePath();
    }

    /** The folder, made owner-only if missing, after checking its owner and mode. */
    public static Path open(Map<String, String> environment) {
        Path folder = of(environment);
        try {
            Files.createDirectories(folder.getParent());
            try {
                Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                // The umask may have taken bits away, never added any; set them as meant all the same.
                Files.setPosixFilePermissions(folder, OWNER_ONLY);
            } catch (FileAlreadyExistsException e) {
                // Made before: checked below.
            }
        } catch (IOException e) {
            throw new StrataException(
                    ErrorCode.INTERNAL,
                    "Cannot make the daemon folder " + folder + ": " + e.getMessage()
                            + " (check that its parent is writable, or set STRATA_DAEMON=off)",
                    e);
        }
        check(folder, Config.of(environment).get(LauncherConfig.USER_NAME));
        return folder;
    }

    /** Refuses {@code folder} unless it is a real folder that {@code user} owns and no one else may enter. */
    static void check(Path folder, String user) {
        PosixFileAttributes attributes;
        try {
            attributes = Files.readAttributes(folder, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new StrataException(
                    ErrorCode.INTERNAL, "Cannot read the daemon folder " + folder + ": " + e.getMessage(), e);
        }
        if (!attributes.isDirectory()) {
            throw refused(folder, "it is not a folder (a link or a file)", "remove it");
        }
        if (!attributes.owner().getName().equals(user)) {
            throw refused(
                    folder,
                    "it belongs to " + attributes.owner().getName() + ", not to " + user,
                    "remove it, or point XDG_RUNTIME_DIR at a folder of your own");
        }
        Set<PosixFilePermission> others = EnumSet.copyOf(attributes.permissions());
        others.removeAll(EnumSet.of(
                PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE));
        if (!others.isEmpty()) {
            throw refused(
                    folder,
                    "its group or other users may use it (" + PosixFilePermissions.toString(attributes.permissions())
                            + ")",
                    "chmod 700 " + folder);
        }
    }

    private static StrataException refused(Path folder, String reason, String fix) {
        return new StrataException(
                ErrorCode.ACCESS_DENIED,
                "Cannot use the daemon folder " + folder + ": " + reason + " (" + fix
                        + "; or run with --no-daemon, or STRATA_DAEMON=off)");
    }
}
