package dev.strata.core.secret;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Secrets as files in a directory, one file per secret, named after it; the content is the value, less one trailing
 * newline. Two directories have this shape:
 *
 * <ul>
 *   <li>{@code file}: {@code STRATA_SECRETS_DIR}. A file other users can read or write is refused.
 *   <li>{@code kubernetes}: a mounted Kubernetes Secret, {@code STRATA_SECRETS_MOUNT} (default {@value
 *       #DEFAULT_MOUNT}). The kubelet writes each key as a link into a {@code ..data} directory that it swaps on
 *       update; links are followed as long as they stay inside the mount. Its files are not required to be private:
 *       a Secret volume's default mode is 0644, and the pod's filesystem is the pod's own.
 * </ul>
 */
public final class DirectorySecretSource implements SecretSource {
    /** The setting that names the {@code file} source's directory. */
    public static final String DIR_ENV = "STRATA_SECRETS_DIR";

    /** The setting that names the Kubernetes secret mount. */
    public static final String MOUNT_ENV = "STRATA_SECRETS_MOUNT";

    /** Where the Helm chart mounts the pipeline secrets. */
    public static final String DEFAULT_MOUNT = "/var/run/secrets/strata";

    private static final Set<PosixFilePermission> SHARED = EnumSet.of(
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE);

    private final Path directory;
    private final String label;
    private final boolean privateFiles;

    /**
     * A directory of secret files; {@code label} names it in messages ("file", "Kubernetes secret mount"), and
     * {@code privateFiles} refuses files other users can read or write.
     */
    public DirectorySecretSource(Path directory, String label, boolean privateFiles) {
        this.directory = directory.toAbsolutePath().normalize();
        this.label = label;
        this.privateFiles = privateFiles;
    }

    @Override
    public Lookup lookup(String name) {
        Path file = directory.resolve(name);
        String where = label + " " + file;
        if (!Files.isDirectory(directory)) {
            return new Absent(where + " (no directory " + directory + ")");
        }
        if (!Files.exists(file)) {
            return new Absent(where + " (no such file)");
        }
        Path real;
        try {
            real = file.toRealPath();
            if (!real.startsWith(directory.toRealPath())) {
                return new Refused(
                        file + " links to a file outside " + directory, "keep the secret's file inside " + directory);
            }
        } catch (IOException e) {
            return new Refused("cannot resolve " + file + ": " + e.getClass().getSimpleName(), "check the file");
        }
        if (!Files.isRegularFile(real)) {
            return new Refused(file + " is not a regular file", "write the secret's value into the file " + file);
        }
        if (privateFiles) {
            try {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(real);
                if (permissions.stream().anyMatch(SHARED::contains)) {
                    return new Refused(
                            file + " can be read or written by other users ("
                                    + PosixFilePermissions.toString(permissions) + ")",
                            "chmod 600 " + real);
                }
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system: its access control lists are the operator's to set.
            } catch (IOException e) {
                return new Refused("cannot read the permissions of " + file, "check the file");
            }
        }
        String value;
        try {
            value = withoutTrailingNewline(Files.readString(real, StandardCharsets.UTF_8));
        } catch (AccessDeniedException e) {
            return new Refused("permission denied reading " + file, "let the user Strata runs as read it");
        } catch (CharacterCodingException e) {
            return new Refused(file + " is not UTF-8 text", "store the secret as UTF-8 text");
        } catch (IOException e) {
            return new Refused("cannot read " + file + ": " + e.getClass().getSimpleName(), "check the file");
        }
        if (value.isEmpty()) {
            return new Absent(where + " (empty)");
        }
        return new Found(value, where);
    }

    /** The content less one trailing newline ({@code echo secret > file} writes one). */
    static String withoutTrailingNewline(String content) {
        if (content.endsWith("\r\n")) {
            return content.substring(0, content.length() - 2);
        }
        if (content.endsWith("\n")) {
            return content.substring(0, content.length() - 1);
        }
        return content;
    }

    /** {@code file}: the directory {@code STRATA_SECRETS_DIR}, private files only. */
    public static final class FileFactory implements SecretSource.Factory {
        @Override
        public String kind() {
            return "file";
        }

        @Override
        public SecretSource create(Map<String, String> env) {
            String dir = env.get(DIR_ENV);
            if (dir == null || dir.isBlank()) {
                return name -> new Absent("file " + DIR_ENV + "/" + name + " (" + DIR_ENV + " is not set)");
            }
            return new DirectorySecretSource(Path.of(dir), "file", true);
        }
    }

    /** {@code kubernetes}: the mounted Secret at {@code STRATA_SECRETS_MOUNT}, else {@value #DEFAULT_MOUNT}. */
    public static final class KubernetesFactory implements SecretSource.Factory {
        @Override
        public String kind() {
            return "kubernetes";
        }

        @Override
        public SecretSource create(Map<String, String> env) {
            String mount = env.get(MOUNT_ENV);
            return new DirectorySecretSource(
                    Path.of(mount == null || mount.isBlank() ? DEFAULT_MOUNT : mount),
                    "Kubernetes secret mount",
                    false);
        }
    }
}
