package dev.strata.cli.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.strata.core.error.StrataException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonDirectoryTest {
    @TempDir
    Path dir;

    @Test
    void isMadeForItsOwnerAloneUnderTheRuntimeFolder() throws Exception {
        Path folder = DaemonDirectory.open(Map.of("XDG_RUNTIME_DIR", dir.toString()));

        assertThat(folder).isEqualTo(dir.resolve("strata/daemons"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)))
                .isEqualTo("rwx------");
    }

    @Test
    void isUnderTheHomeFolderWithoutARuntimeFolder() {
        assertThat(DaemonDirectory.of(Map.of()))
                .isEqualTo(Path.of(System.getProperty("user.home"), ".strata", "daemons")
                        .toAbsolutePath());
    }

    @Test
    void refusesAFolderOthersMayEnter() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("strata/daemons"));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-x---"));

        assertThatThrownBy(() -> DaemonDirectory.open(Map.of("XDG_RUNTIME_DIR", dir.toString())))
                .isInstanceOf(StrataException.class)
                .hasMessage("Cannot use the daemon folder " + folder + ": its group or other users may use it"
                        + " (rwxr-x---) (chmod 700 " + folder + "; or run with --no-daemon, or STRATA_DAEMON=off)");
    }

    @Test
    void refusesAFolderAnotherUserOwns() throws Exception {
        assumeThat(System.getProperty("user.name"))
                .as("only root can give a folder away")
                .isEqualTo("root");
        Path folder = Files.createDirectories(dir.resolve("strata/daemons"));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
        UserPrincipal nobody =
                folder.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Files.setOwner(folder, nobody);

        assertThatThrownBy(() -> DaemonDirectory.open(Map.of("XDG_RUNTIME_DIR", dir.toString())))
                .isInstanceOf(StrataException.class)
                .hasMessageStartingWith(
                        "Cannot use the daemon folder " + folder + ": it belongs to nobody, not to root (remove it");
    }

    @Test
    void refusesALinkInItsPlace() throws Exception {
        Path target = Files.createDirectories(dir.resolve("elsewhere"));
        Files.createDirectories(dir.resolve("strata"));
        Files.createSymbolicLink(dir.resolve("strata/daemons"), target);

        assertThatThrownBy(() -> DaemonDirectory.open(Map.of("XDG_RUNTIME_DIR", dir.toString())))
                .hasMessageContaining("it is not a folder (a link or a file)");
    }
}
