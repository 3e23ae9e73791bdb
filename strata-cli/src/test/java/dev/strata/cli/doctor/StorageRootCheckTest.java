package dev.strata.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.cli.doctor.CheckResult.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageRootCheckTest {
    @TempDir
    Path dir;

    @Test
    void passesAWritableRootAndLeavesNoProbeBehind() throws IOException {
        CheckResult result = StorageRootCheck.check(dir.toString(), Map.of());

        assertThat(result).isEqualTo(CheckResult.ok("storage root", dir + " is writable"));
        assertThat(Files.list(dir)).isEmpty();
    }

    @Test
    void probesTheFolderThatWouldHoldARootNotCreatedYet() {
        Path root = dir.resolve("lake/dev");

        CheckResult result = StorageRootCheck.check(root.toString(), Map.of());

        assertThat(result.status()).isEqualTo(Status.OK);
        assertThat(result.detail())
                .isEqualTo(root + " does not exist yet; a run creates it in " + dir + ", which is" + " writable");
        assertThat(root.getParent()).doesNotExist();
    }

    @Test
    void failsARootThatCannotBeCreatedWithAFix() throws IOException {
        Path file = Files.writeString(dir.resolve("lake"), "not a folder");

        CheckResult result = StorageRootCheck.check(file.resolve("dev").toString(), Map.of());

        assertThat(result)
                .isEqualTo(CheckResult.fail(
                        "storage root",
                        file.resolve("dev") + " cannot be created: " + file + " is a file",
                        "choose another storage.root, or move the file " + file + " away"));
    }

    @Test
    void failsARootOnAReadOnlyFileSystem() {
        // /proc refuses new files even to root, which chmod cannot stop.
        CheckResult result = StorageRootCheck.check("/proc/strata-lake", Map.of());

        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(result.detail()).startsWith("cannot write in /proc: ");
        assertThat(result.fix()).isNotBlank();
    }

    @Test
    void writesAProbeThroughTheHadoopFileSystemOfAFileUri() throws IOException {
        CheckResult result = StorageRootCheck.check(dir.toUri().toString(), Map.of());

        assertThat(result.status()).as(result.detail()).isEqualTo(Status.OK);
        assertThat(Files.list(dir)).isEmpty();
    }

    @Test
    void failsASchemeWithoutAFileSystemWithAFix() {
        CheckResult result = StorageRootCheck.check("s3://bucket/lake", Map.of());

        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(result.detail()).startsWith("cannot write to s3://bucket/lake: ");
        assertThat(result.fix()).isEqualTo("write s3a:// (Hadoop's S3 connector), e.g. s3a://bucket/lakehouse");
    }
}
