package dev.strata.cli.doctor;

import java.io.IOException;
import java.net.URI;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * Write access to a pipeline's storage root, as a run needs it: a probe file is created and deleted there, on the
 * local disk, or through the Hadoop file system of the root's scheme (s3a, abfs(s), wasb(s), gs) with the Hadoop
 * settings a run's session would have. A local root that does not exist yet is probed in the folder that would hold
 * it, since a run creates it.
 */
public final class StorageRootCheck {
    static final String PROBE_PREFIX = ".strata-doctor-";

    private StorageRootCheck() {}

    /**
     * @param root the storage root, as the loaded pipeline holds it (absolute, or a URI)
     * @param hadoopSettings Hadoop settings ({@code fs.s3a.endpoint}, …) a run's session would have
     */
    public static CheckResult check(String root, Map<String, String> hadoopSettings) {
        String scheme = Schemes.of(root);
        if (scheme.equals("file")) {
            return checkLocal(Schemes.localPath(root));
        }
        return checkHadoop(root, scheme, hadoopSettings);
    }

    private static CheckResult checkLocal(Path root) {
        Path existing = root;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return CheckResult.fail(
                    "storage root", root + ": no part of the path exists", "choose a storage.root on this machine");
        }
        if (!Files.isDirectory(existing)) {
            return CheckResult.fail(
                    "storage root",
                    root + " cannot be created: " + existing + " is a file",
                    "choose another storage.root, or move the file " + existing + " away");
        }
        String probe = PROBE_PREFIX + UUID.randomUUID();
        try {
            Path file = Files.createFile(existing.resolve(probe));
            Files.delete(file);
        } catch (AccessDeniedException e) {
            return CheckResult.fail(
                    "storage root",
                    "cannot write in " + existing + ": permission denied",
                    "give this user write access to " + existing + " (chown or chmod u+w), or choose a storage.root"
                            + " it can write");
        } catch (FileSystemException e) {
            return CheckResult.fail(
                    "storage root",
                    "cannot write in " + existing + ": "
                            + (e.getReason() == null ? e.getClass().getSimpleName() : e.getReason()),
                    "choose a storage.root on a writable file system");
        } catch (IOException e) {
            return CheckResult.fail(
                    "storage root",
                    "cannot write in " + existing + ": " + e.getMessage(),
                    "choose a storage.root on a writable file system");
        }
        return CheckResult.ok(
                "storage root",
                existing.equals(root)
                        ? root + " is writable"
                        : root + " does not exist yet; a run creates it in " + existing + ", which is writable");
    }

    private static CheckResult checkHadoop(String root, String scheme, Map<String, String> hadoopSettings) {
        Configuration conf = new Configuration();
        hadoopSettings.forEach(conf::set);
        org.apache.hadoop.fs.Path probe =
                new org.apache.hadoop.fs.Path(root.endsWith("/") ? root : root + "/", PROBE_PREFIX + UUID.randomUUID());
        try (FileSystem fs = FileSystem.newInstance(URI.create(root), conf)) {
            fs.create(probe, false).close();
            fs.delete(probe, false);
            return CheckResult.ok("storage root", root + " is writable (a probe file was created and deleted)");
        } catch (IOException | RuntimeException e) {
            String reason = e.getClass().getSimpleName() + ": " + firstLine(e.getMessage());
            return CheckResult.fail(
                    "storage root",
                    "cannot write to " + root + ": " + Redaction.withoutUrlPasswords(reason),
                    fix(scheme));
        }
    }

    private static String fix(String scheme) {
        return switch (scheme.toLowerCase(Locale.ROOT)) {
            case "s3", "s3n" -> "write s3a:// (Hadoop's S3 connector), e.g. s3a://bucket/lakehouse";
            case "s3a" ->
                "check that the bucket exists, that the credentials below may put and delete objects in it,"
                        + " and fs.s3a.endpoint for an S3 API other than AWS (docs/cloud-storage.md)";
            case "abfs", "abfss", "wasb", "wasbs" ->
                "check the container and account in the URI and the account's" + " credentials (docs/cloud-storage.md)";
            case "gs" ->
                "check that the bucket exists and that the service account may create and delete objects in"
                        + " it (docs/cloud-storage.md)";
            default -> "use a local path or s3a://, abfss://, wasbs:// or gs:// (docs/cloud-storage.md)";
        };
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no message";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
